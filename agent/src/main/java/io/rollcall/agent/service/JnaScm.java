package io.rollcall.agent.service;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import java.io.IOException;
import java.util.function.IntUnaryOperator;

/**
 * Windows only: {@link Scm} through jna-platform's Advapi32. Loaded only when {@code service} runs on Windows, so
 * other systems never touch JNA's Windows bindings. The callbacks are kept in fields because the SCM calls them
 * long after registration and JNA frees a callback whose Java object was collected. Errors come from
 * {@code Native.getLastError()}, which JNA saves right after the call (a later {@code GetLastError} may see another).
 */
final class JnaScm implements Scm {
    private static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;

    private Winsvc.SERVICE_MAIN_FUNCTION main;
    private Winsvc.HandlerEx handler;
    private volatile Winsvc.SERVICE_STATUS_HANDLE handle;

    @Override
    public void dispatch(String serviceName, Runnable serviceMain) throws IOException {
        main = (argc, argv) -> serviceMain.run();
        // a contiguous, null-terminated table: the second entry stays all zero
        Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) new Winsvc.SERVICE_TABLE_ENTRY().toArray(2);
        table[0].lpServiceName = serviceName;
        table[0].lpServiceProc = main;
        if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
            int error = Native.getLastError();
            if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
                throw new IOException("'service' is run by the Windows service control manager (service "
                        + serviceName + "); from a console use 'rollcall-agent run'");
            }
            throw new IOException("StartServiceCtrlDispatcher failed: " + Kernel32Util.formatMessage(error));
        }
    }

    @Override
    public void register(String serviceName, IntUnaryOperator controls) throws IOException {
        handler = (control, eventType, eventData, context) -> controls.applyAsInt(control);
        handle = Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(serviceName, handler, null);
        if (handle == null) {
            throw new IOException("RegisterServiceCtrlHandlerEx failed: "
                    + Kernel32Util.formatMessage(Native.getLastError()));
        }
    }

    @Override
    public void report(ServiceStatus status) throws IOException {
        Winsvc.SERVICE_STATUS s = new Winsvc.SERVICE_STATUS();
        s.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
        s.dwCurrentState = status.state();
        s.dwControlsAccepted = status.controlsAccepted();
        s.dwWin32ExitCode = status.win32ExitCode();
        s.dwServiceSpecificExitCode = status.serviceExitCode();
        s.dwCheckPoint = status.checkPoint();
        s.dwWaitHint = status.waitHintMillis();
        if (!Advapi32.INSTANCE.SetServiceStatus(handle, s)) {
            throw new IOException("SetServiceStatus failed: " + Kernel32Util.formatMessage(Native.getLastError()));
        }
    }
}
