/**
 * The {@code service} command: on Windows the agent answers the Service Control Manager itself
 * ({@link io.rollcall.agent.service.ScmServiceHost} over the {@link io.rollcall.agent.service.Scm} seam, JNA only in
 * {@link io.rollcall.agent.service.JnaScm}); on Linux and macOS systemd and launchd run {@code run} in the foreground.
 */
package io.rollcall.agent.service;
