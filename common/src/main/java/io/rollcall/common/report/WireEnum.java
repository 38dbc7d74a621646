package io.rollcall.common.report;

/**
 * An enum of the wire with its name on the wire. The name is given to the constant's constructor rather than in an
 * annotation: reading annotations in a cold JVM generates proxy classes, a measurable part of a short-lived agent
 * worker's CPU (BENCHMARKS.md, issue 13), and the streaming writer needs the name without databind.
 */
public interface WireEnum {
    String wire();
}
