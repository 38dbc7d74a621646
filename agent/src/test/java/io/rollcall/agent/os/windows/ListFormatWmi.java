package io.rollcall.agent.os.windows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Wmi} answering from recorded {@code wmic /namespace:\\NS path CLASS get P1,P2 /format:list} output:
 * instances separated by blank lines, one {@code Property=value} per line, an empty value meaning NULL. Lines
 * starting with '#' are the fixture's own notes. Values are XML-unescaped, as wmic escapes them. PowerShell's
 * {@code Get-CimInstance … | Format-List} output ({@code Name : value}, padded) is read the same way. A class without
 * a recording fails like a missing WMI class does.
 */
public final class ListFormatWmi implements Wmi {
    /** PowerShell's Format-List ("displayName              : Windows Defender"), as Get-CimInstance prints. */
    private static final java.util.regex.Pattern POWERSHELL_LIST =
            java.util.regex.Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s+:(?: (.*))?$");
    private final Map<String, List<Map<String, Object>>> answers = new HashMap<>();

    public ListFormatWmi answer(String namespace, String wmiClass, Path recording) {
        try {
            answers.put(key(namespace, wmiClass), parse(Files.readAllLines(recording)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static List<Map<String, Object>> parse(List<String> lines) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> row = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!row.isEmpty()) {
                    rows.add(row);
                    row = new LinkedHashMap<>();
                }
                continue;
            }
            java.util.regex.Matcher ps = POWERSHELL_LIST.matcher(line);
            if (ps.matches()) {
                if (ps.group(2) != null && !ps.group(2).isBlank()) {
                    row.put(ps.group(1), ps.group(2).strip());
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && eq < line.length() - 1) {
                row.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    /** Answers {@link #call} for one instance's method from a recording of its output parameters. */
    public ListFormatWmi answerCall(String namespace, String objectPath, String method, Path recording) {
        return answer(namespace, objectPath + "|" + method, recording);
    }

    @Override
    public Result call(String namespace, String objectPath, String method, List<String> outProperties) {
        List<Map<String, Object>> rows = answers.get(key(namespace, objectPath + "|" + method));
        return rows == null ? Result.failed("WMI " + objectPath + " " + method + ": Invalid method (0x8004102e)")
                : new Result(rows, null);
    }

    /** wmic's list format writes values XML-escaped ("SCSI\\DISK&amp;amp;VEN_…"); WMI itself gives them plain. */
    static String unescape(String v) {
        return v.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    @Override
    public Result select(String namespace, String wmiClass, List<String> properties) {
        List<Map<String, Object>> rows = answers.get(key(namespace, wmiClass));
        return rows == null ? Result.failed("WMI " + namespace + " " + wmiClass + ": Invalid class (0x80041010)")
                : new Result(rows, null);
    }

    private static String key(String ns, String cls) {
        return (ns + "|" + cls).toLowerCase(Locale.ROOT);
    }
}
