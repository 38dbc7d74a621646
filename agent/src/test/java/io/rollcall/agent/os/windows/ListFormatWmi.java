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
 * starting with '#' are the fixture's own notes. Values are XML-unescaped, as wmic escapes them. A class without
 * a recording fails like a missing WMI class does.
 */
public final class ListFormatWmi implements Wmi {
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
