package io.rollcall.agent.service;

/**
 * One {@code SERVICE_STATUS} as the Service Control Manager takes it (the service type is always "own process").
 *
 * @param state                   {@code SERVICE_STOPPED} … {@code SERVICE_RUNNING}, see {@link ServiceStateMachine}
 * @param controlsAccepted        {@code SERVICE_ACCEPT_*} bits; 0 while pending, so the SCM sends nothing then
 * @param win32ExitCode           0, or {@code ERROR_SERVICE_SPECIFIC_ERROR} when {@code serviceExitCode} says why
 * @param serviceExitCode         the agent's own exit code when it stopped on a failure, otherwise 0
 * @param checkPoint              grows during a pending state so the SCM sees progress; 0 otherwise
 * @param waitHintMillis          how long the SCM should wait for the next report during a pending state
 */
public record ServiceStatus(int state, int controlsAccepted, int win32ExitCode, int serviceExitCode, int checkPoint,
                            int waitHintMillis) {
}
