package io.rollcall.agent.os.windows;

import com.sun.jna.platform.win32.COM.Wbemcli;
import com.sun.jna.platform.win32.COM.WbemcliUtil;
import com.sun.jna.platform.win32.OleAuto;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.util.platform.windows.WmiQueryHandler;

/**
 * {@link Wmi} over COM with JNA's Wbemcli; OSHI's {@link WmiQueryHandler} initialises COM and its security once per
 * thread. Properties are read by name, so one class serves every query. Only loaded on Windows.
 */
public final class JnaWmi implements Wmi {
    private static final int TIMEOUT_MS = 10_000;

    @Override
    public Result select(String namespace, String wmiClass, List<String> properties) {
        WmiQueryHandler handler = WmiQueryHandler.createInstance();
        boolean comInitialised = handler.initCOM();
        Wbemcli.IWbemServices svc = null;
        Wbemcli.IEnumWbemClassObject rows = null;
        try {
            svc = WbemcliUtil.connectServer(namespace);
            rows = svc.ExecQuery("WQL", "SELECT " + String.join(",", properties) + " FROM " + wmiClass,
                    Wbemcli.WBEM_FLAG_FORWARD_ONLY | Wbemcli.WBEM_FLAG_RETURN_IMMEDIATELY, null);
            List<Map<String, Object>> out = new ArrayList<>();
            while (true) {
                Wbemcli.IWbemClassObject[] next = rows.Next(TIMEOUT_MS, 1);
                if (next.length == 0) {
                    break;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (String p : properties) {
                    Variant.VARIANT.ByReference v = new Variant.VARIANT.ByReference();
                    if (next[0].Get(p, 0, v, null, null).intValue() == 0) {
                        Object value = plain(v.getValue());
                        if (value != null) {
                            row.put(p, value);
                        }
                    }
                    OleAuto.INSTANCE.VariantClear(v);
                }
                next[0].Release();
                out.add(row);
            }
            return new Result(out, null);
        } catch (RuntimeException e) { // COMException included
            return Result.failed("WMI " + namespace + " " + wmiClass + ": " + e.getMessage());
        } finally {
            if (rows != null) {
                rows.Release();
            }
            if (svc != null) {
                svc.Release();
            }
            if (comInitialised) {
                handler.unInitCOM();
            }
        }
    }

    @Override
    public Result call(String namespace, String objectPath, String method, List<String> outProperties) {
        WmiQueryHandler handler = WmiQueryHandler.createInstance();
        boolean comInitialised = handler.initCOM();
        Wbemcli.IWbemServices svc = null;
        Wbemcli.IWbemClassObject out = null;
        try {
            svc = WbemcliUtil.connectServer(namespace);
            out = svc.ExecMethod(objectPath, method, 0, null, null);
            Map<String, Object> row = new LinkedHashMap<>();
            for (String p : outProperties) {
                Variant.VARIANT.ByReference v = new Variant.VARIANT.ByReference();
                if (out.Get(p, 0, v, null, null).intValue() == 0) {
                    Object value = plain(v.getValue());
                    if (value != null) {
                        row.put(p, value);
                    }
                }
                OleAuto.INSTANCE.VariantClear(v);
            }
            return new Result(List.of(row), null);
        } catch (RuntimeException e) { // COMException included
            return Result.failed("WMI " + namespace + " " + objectPath + " " + method + ": " + e.getMessage());
        } finally {
            if (out != null) {
                out.Release();
            }
            if (svc != null) {
                svc.Release();
            }
            if (comInitialised) {
                handler.unInitCOM();
            }
        }
    }

    private static Object plain(Object v) {
        if (v instanceof WTypes.BSTR b) {
            return b.getValue();
        }
        if (v instanceof WinDef.BOOL b) {
            return b.booleanValue();
        }
        if (v instanceof com.sun.jna.platform.win32.OaIdl.VARIANT_BOOL b) {
            return b.booleanValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v instanceof String || v instanceof Boolean ? v : null;
    }
}
