/** The command line: {@code scan}, {@code enroll}, {@code once}, {@code run}, {@code status}; a hand-written parser and exit codes 0/1/2. */
package io.rollcall.agent.cli;
