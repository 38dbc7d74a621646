/** Enrolment: pin the collector CA by fingerprint, register the device, save credentials and the CA. */
package io.rollcall.agent.enroll;
