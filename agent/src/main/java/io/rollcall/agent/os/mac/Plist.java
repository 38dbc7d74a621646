package io.rollcall.agent.os.mac;

import com.dd.plist.NSArray;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedRead;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Property lists (Info.plist, package receipts, preferences, {@code diskutil -plist}) in any of Apple's formats —
 * XML, binary ({@code bplist00}) or old ASCII — read with dd-plist, plus typed lookups that never throw. Pure
 * apart from {@link #read(FileSource, String)}.
 */
public final class Plist {
    /** Larger than any Info.plist or preference file; keeps a hostile file from filling the heap. */
    public static final int MAX_BYTES = 4 << 20;
    /** A preference file or Info.plist in a home folder: a user's own, so capped tighter. */
    public static final int USER_MAX_BYTES = 1 << 20;

    private Plist() {
    }

    /** The top-level dictionary of {@code bytes}; throws {@link IllegalArgumentException} naming the problem. */
    public static NSDictionary dict(byte[] bytes) {
        NSObject root;
        try {
            root = PropertyListParser.parse(bytes);
        } catch (Exception e) {
            // dd-plist throws parser, SAX, format and IO exceptions for malformed input; all mean "not a plist"
            throw new IllegalArgumentException("not a property list: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (!(root instanceof NSDictionary d)) {
            throw new IllegalArgumentException("property list is not a dictionary");
        }
        return d;
    }

    /**
     * The dictionaries at the top of {@code bytes}: the root itself when it is a dictionary, else the dictionaries in
     * the root array (as {@code ioreg -a} prints). Throws {@link IllegalArgumentException} naming the problem.
     */
    public static List<NSDictionary> roots(byte[] bytes) {
        NSObject root;
        try {
            root = PropertyListParser.parse(bytes);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a property list: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (root instanceof NSDictionary d) {
            return List.of(d);
        }
        if (!(root instanceof NSArray a)) {
            throw new IllegalArgumentException("property list is neither a dictionary nor an array");
        }
        List<NSDictionary> out = new ArrayList<>();
        for (NSObject x : a.getArray()) {
            if (x instanceof NSDictionary c) {
                out.add(c);
            }
        }
        return out;
    }

    /** Reads and parses a plist file; empty when missing, unreadable, too large or malformed. */
    public static Optional<NSDictionary> read(FileSource files, String path) {
        try {
            byte[] b = files.readBytes(path, 0, MAX_BYTES + 1);
            if (b.length == 0 || b.length > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(dict(b));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The dictionary of a plist in a user's home, read under {@link FileSource#readUntrusted}'s rules: empty when the
     * file is missing or malformed (a user's broken preference file holds no settings); a refused file (a link, a
     * FIFO, too large) gives its reason instead.
     */
    public static UserPlist readUntrusted(FileSource files, String home, String relative) {
        UntrustedRead r = files.readUntrusted(home, relative, USER_MAX_BYTES);
        if (r.isRefused()) {
            return new UserPlist(Optional.empty(), r.reason());
        }
        if (r.isMissing()) {
            return new UserPlist(Optional.empty(), null);
        }
        try {
            return new UserPlist(Optional.of(dict(r.bytes())), null);
        } catch (IllegalArgumentException e) {
            return new UserPlist(Optional.empty(), null);
        }
    }

    /** A user's plist: its dictionary if read and parsed, or why the file was refused ({@code null} otherwise). */
    public record UserPlist(Optional<NSDictionary> dict, String refused) {
    }

    /** A string value, trimmed; {@code null} when absent, blank or not a string. */
    public static String string(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.objectForKey(key);
        if (o instanceof NSString s) {
            String v = s.getContent().strip();
            return v.isEmpty() ? null : v;
        }
        return null;
    }

    /** An integer value (also accepts a numeric string, as {@code defaults write} sometimes leaves); {@code null} when absent. */
    public static Long integer(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.objectForKey(key);
        if (o instanceof NSNumber n) {
            // "<integer>6e999</integer>" reads as an infinite real, which has no integer value (longValue throws)
            return n.isReal() && !Double.isFinite(n.doubleValue()) ? null : n.longValue();
        }
        if (o instanceof NSString s) {
            try {
                return Long.parseLong(s.getContent().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A boolean (true/false, or a number 0/1); {@code null} when absent. */
    public static Boolean bool(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.objectForKey(key);
        if (o instanceof NSNumber n) {
            return n.boolValue();
        }
        return null;
    }

    public static Instant date(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.objectForKey(key);
        return o instanceof NSDate date ? date.getDate().toInstant() : null;
    }

    public static NSDictionary child(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.objectForKey(key);
        return o instanceof NSDictionary c ? c : null;
    }

    /** The strings in an array value; empty when absent. */
    public static List<String> strings(NSDictionary d, String key) {
        List<String> out = new ArrayList<>();
        NSObject o = d == null ? null : d.objectForKey(key);
        if (o instanceof NSArray a) {
            for (NSObject x : a.getArray()) {
                if (x instanceof NSString s) {
                    out.add(s.getContent());
                }
            }
        }
        return out;
    }

    /** The dictionaries in an array value; empty when absent. */
    public static List<NSDictionary> dicts(NSDictionary d, String key) {
        List<NSDictionary> out = new ArrayList<>();
        NSObject o = d == null ? null : d.objectForKey(key);
        if (o instanceof NSArray a) {
            for (NSObject x : a.getArray()) {
                if (x instanceof NSDictionary c) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
