package io.rollcall.agent.os.windows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link Registry} read from {@code reg export} files (the .reg format: "[key]" lines, then {@code "name"=value}
 * lines with {@code dword:}, {@code hex(b):} (QWORD), {@code hex(2):} (expandable string), {@code hex(7):} (multi
 * string), {@code hex:} and {@code hex(type):} binary, continued with a trailing backslash). reg.exe writes UTF-16;
 * the fixtures are stored as UTF-8 so that they diff, which changes nothing in their structure. Lines starting
 * with ';' are comments, as the format allows.
 */
public final class RegExportRegistry implements Registry {
    private final Map<String, Map<String, Object>> keys = new HashMap<>();
    private final Map<String, TreeSet<String>> children = new HashMap<>();

    public static RegExportRegistry of(Path... files) {
        RegExportRegistry r = new RegExportRegistry();
        for (Path f : files) {
            try {
                r.load(Files.readAllLines(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return r;
    }

    private void load(List<String> raw) {
        List<String> lines = new ArrayList<>();
        StringBuilder cont = new StringBuilder();
        for (String l : raw) {
            String t = cont.length() > 0 ? l.trim() : l;
            if (t.endsWith("\\") && t.contains("=hex")) {
                cont.append(t, 0, t.length() - 1);
                continue;
            }
            if (cont.length() > 0 && t.endsWith("\\")) {
                cont.append(t, 0, t.length() - 1);
                continue;
            }
            lines.add(cont + t);
            cont.setLength(0);
        }
        String current = null;
        for (String line : lines) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith(";") || t.startsWith("Windows Registry Editor")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                current = normalise(t.substring(1, t.length() - 1));
                ensure(current);
                continue;
            }
            if (current == null) {
                continue;
            }
            String name;
            String rest;
            if (t.startsWith("@=")) {
                name = "";
                rest = t.substring(2);
            } else {
                int end = closingQuote(t, 1);
                name = unescape(t.substring(1, end));
                rest = t.substring(end + 2);
            }
            keys.get(key(current)).put(name, value(rest));
        }
    }

    private static int closingQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string: " + s);
    }

    private static Object value(String rest) {
        if (rest.startsWith("\"")) {
            return unescape(rest.substring(1, closingQuote(rest, 1)));
        }
        if (rest.startsWith("dword:")) {
            return (int) Long.parseLong(rest.substring(6).trim(), 16);
        }
        int colon = rest.indexOf(':');
        String kind = rest.substring(0, colon);
        byte[] bytes = hex(rest.substring(colon + 1));
        return switch (kind) {
            case "hex(b)" -> {
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = (v << 8) | (bytes[i] & 0xff);
                }
                yield v;
            }
            case "hex(2)" -> utf16(bytes).replaceAll("\u0000+$", "");
            case "hex(7)" -> {
                List<String> out = new ArrayList<>();
                for (String s : utf16(bytes).split("\u0000")) {
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
                yield out;
            }
            default -> bytes;
        };
    }

    private static byte[] hex(String s) {
        String[] parts = s.replace(" ", "").split(",");
        if (parts.length == 1 && parts[0].isEmpty()) {
            return new byte[0];
        }
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    private static String utf16(byte[] b) {
        return new String(b, StandardCharsets.UTF_16LE);
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String normalise(String key) {
        String k = key.replaceFirst("(?i)^HKEY_LOCAL_MACHINE", "HKLM").replaceFirst("(?i)^HKEY_USERS", "HKU");
        return k.endsWith("\\") ? k.substring(0, k.length() - 1) : k;
    }

    private static String key(String k) {
        return normalise(k).toLowerCase(Locale.ROOT);
    }

    private void ensure(String k) {
        keys.computeIfAbsent(key(k), x -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        int slash = k.lastIndexOf('\\');
        if (slash > 0) {
            String parent = k.substring(0, slash);
            children.computeIfAbsent(key(parent), x -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))
                    .add(k.substring(slash + 1));
            ensure(parent);
        }
    }

    @Override
    public List<String> subKeys(String k) {
        return List.copyOf(children.getOrDefault(key(k), new TreeSet<>()));
    }

    @Override
    public Map<String, Object> values(String k) {
        Map<String, Object> v = keys.get(key(k));
        return v == null ? Map.of() : v;
    }
}
