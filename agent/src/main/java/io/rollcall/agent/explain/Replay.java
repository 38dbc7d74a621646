package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedListing;
import io.rollcall.agent.os.UntrustedRead;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;
import io.rollcall.agent.probe.ProbeSeams;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plays a capture back: every seam a probe gets answers from the recorded reads instead of the machine, which is what
 * turns a school's capture into a fixture. A read is matched by probe, seam, operation and arguments (registry keys
 * and WMI names case-insensitively, as Windows compares them), each recorded answer used once in order and the last one again after that; a command whose arguments hold a fresh temporary path
 * (dconf's copy of the user database) falls back to the next unused run of the same program. A read the capture does
 * not hold (or "omitted") answers as missing: an {@link IOException}, an empty list, a failed command.
 */
public final class Replay implements ProbeSeams {
    private final List<SourceRecord> records;
    private final boolean[] used;

    public Replay(List<SourceRecord> records) {
        this.records = List.copyOf(records);
        this.used = new boolean[records.size()];
    }

    private synchronized JsonNode answer(String probe, String seam, String op, List<String> args) {
        int exact = -1;
        int reuse = -1;
        int sameProgram = -1;
        for (int i = 0; i < records.size(); i++) {
            SourceRecord r = records.get(i);
            if (!r.probe().equals(probe) || !r.seam().equals(seam) || !r.op().equals(op)) {
                continue;
            }
            if (same(seam, r.args(), args)) {
                if (!used[i] && exact < 0) {
                    exact = i;
                }
                reuse = i;
            } else if (seam.equals("command") && !used[i] && sameProgram < 0 && !args.isEmpty()
                    && r.args().size() == args.size() && r.args().get(0).equals(args.get(0))) {
                sameProgram = i;
            }
        }
        int pick = exact >= 0 ? exact : reuse >= 0 ? reuse : sameProgram;
        if (pick < 0 || records.get(pick).result().has("omitted")) {
            return null;
        }
        used[pick] = true;
        return records.get(pick).result();
    }

    /** Registry keys and WMI names compare as Windows compares them, case-insensitively; paths exactly. */
    private static boolean same(String seam, List<String> recorded, List<String> asked) {
        if (!seam.equals("registry") && !seam.equals("wmi")) {
            return recorded.equals(asked);
        }
        if (recorded.size() != asked.size()) {
            return false;
        }
        for (int i = 0; i < asked.size(); i++) {
            if (!recorded.get(i).equalsIgnoreCase(asked.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public FileSource files(String probe, FileSource real) {
        return new Files(probe);
    }

    @Override
    public CommandRunner commands(String probe, CommandRunner real) {
        return (command, env, timeout) -> {
            JsonNode n = answer(probe, "command", "run", command);
            return n == null ? CommandResult.failed("not in the capture: " + command.get(0)) : Codec.command(n);
        };
    }

    @Override
    public Registry registry(String probe, Registry real) {
        return new Registry() {
            @Override
            public List<String> subKeys(String key) {
                JsonNode n = answer(probe, "registry", "subKeys", List.of(key));
                return n == null ? List.of() : Codec.strings(n.path("names"));
            }

            @Override
            public Map<String, Object> values(String key) {
                JsonNode n = answer(probe, "registry", "values", List.of(key));
                Map<String, Object> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                return n == null ? out : Codec.values(n.path("values"), out);
            }

            @Override
            public boolean loadHive(String name, String hiveFile) {
                JsonNode n = answer(probe, "registry", "loadHive", List.of(name, hiveFile));
                return n != null && n.path("loaded").asBoolean();
            }

            @Override
            public void unloadHive(String name) {
                answer(probe, "registry", "unloadHive", List.of(name));
            }
        };
    }

    @Override
    public Wmi wmi(String probe, Wmi real) {
        return new Wmi() {
            @Override
            public Result select(String namespace, String wmiClass, List<String> properties) {
                List<String> args = new ArrayList<>(List.of(namespace, wmiClass));
                args.addAll(properties);
                return result(answer(probe, "wmi", "select", args), namespace + " " + wmiClass);
            }

            @Override
            public Result call(String namespace, String objectPath, String method, List<String> outProperties) {
                List<String> args = new ArrayList<>(List.of(namespace, objectPath, method));
                args.addAll(outProperties);
                return result(answer(probe, "wmi", "call", args), objectPath + " " + method);
            }
        };
    }

    private static Wmi.Result result(JsonNode n, String what) {
        if (n == null) {
            return Wmi.Result.failed("not in the capture: " + what);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        n.path("rows").forEach(row -> rows.add(Codec.row(row)));
        return new Wmi.Result(rows, n.hasNonNull("failure") ? n.path("failure").asText() : null);
    }

    @Override
    public LocalAccountsSource localAccounts(String probe, LocalAccountsSource real) {
        return new LocalAccountsSource() {
            @Override
            public List<NetUser> users() {
                JsonNode n = required(answer(probe, "accounts", "users", List.of()), "NetUserEnum");
                List<NetUser> out = new ArrayList<>();
                for (JsonNode u : n.path("users")) {
                    out.add(new NetUser(u.path("name").asText(), u.path("sid").asText(),
                            u.path("disabled").asBoolean(), u.path("passwordRequired").asBoolean(),
                            Codec.instant(u.path("lastLogon"))));
                }
                return out;
            }

            @Override
            public List<String> administratorSids() {
                return Codec.strings(required(answer(probe, "accounts", "administratorSids", List.of()),
                        "NetLocalGroupGetMembers").path("names"));
            }

            @Override
            public List<Member> administratorMembers() {
                JsonNode n = answer(probe, "accounts", "administratorMembers", List.of());
                if (n == null) {
                    return LocalAccountsSource.super.administratorMembers();
                }
                List<Member> out = new ArrayList<>();
                for (JsonNode m : required(n, "NetLocalGroupGetMembers").path("members")) {
                    out.add(new Member(m.path("sid").asText(), m.path("group").asBoolean()));
                }
                return out;
            }

            @Override
            public java.util.Optional<String> accountName(String sid) {
                JsonNode n = answer(probe, "accounts", "accountName", List.of(sid));
                return n == null || !n.hasNonNull("value") ? java.util.Optional.empty()
                        : java.util.Optional.of(n.path("value").asText());
            }

            @Override
            public java.util.Optional<List<String>> sessionGroupSids(String userSid) {
                JsonNode n = answer(probe, "accounts", "sessionGroupSids", List.of(userSid));
                return n == null || !n.has("names") ? java.util.Optional.empty()
                        : java.util.Optional.of(Codec.strings(n.path("names")));
            }
        };
    }

    @Override
    public DiskDrives diskDrives(String probe, DiskDrives real) {
        return () -> {
            JsonNode n = required(answer(probe, "disks", "list", List.of()), "disk drives");
            List<DiskDrives.Drive> out = new ArrayList<>();
            for (JsonNode d : n.path("drives")) {
                out.add(new DiskDrives.Drive(d.path("name").asText(), d.path("model").asText(),
                        d.path("serial").asText(), d.path("sizeBytes").asLong(), d.path("diskType").asText()));
            }
            return out;
        };
    }

    private static JsonNode required(JsonNode n, String what) {
        if (n == null) {
            throw new IllegalStateException(what + ": not in the capture");
        }
        if (n.has("error")) {
            throw new IllegalStateException(n.path("error").asText());
        }
        return n;
    }

    /** The file system as the capture saw it. */
    private final class Files implements FileSource {
        private final String probe;

        Files(String probe) {
            this.probe = probe;
        }

        private JsonNode read(String op, List<String> args) throws IOException {
            JsonNode n = answer(probe, "file", op, args);
            if (n == null) {
                throw new IOException(args.get(0) + ": not in the capture");
            }
            if (n.has("error")) {
                throw Codec.ioException(n);
            }
            return n;
        }

        @Override
        public List<String> readLines(String path) throws IOException {
            return Codec.strings(read("readLines", List.of(path)).path("lines"));
        }

        @Override
        public String readText(String path) throws IOException {
            return read("readText", List.of(path)).path("text").asText();
        }

        @Override
        public byte[] readBytes(String path, long offset, int length) throws IOException {
            return Codec.bytes(read("readBytes", List.of(path, Long.toString(offset), Integer.toString(length))));
        }

        @Override
        public UntrustedRead readUntrusted(String trustedDir, String relative, int maxBytes) {
            JsonNode n = answer(probe, "file", "readUntrusted", List.of(trustedDir, relative,
                    Integer.toString(maxBytes)));
            return n == null ? UntrustedRead.missing() : Codec.untrusted(n);
        }

        @Override
        public UntrustedListing listUntrusted(String trustedDir, String relative) {
            JsonNode n = answer(probe, "file", "listUntrusted", List.of(trustedDir, relative));
            return n == null ? UntrustedListing.missing() : Codec.listing(n);
        }

        @Override
        public List<String> list(String dir) {
            JsonNode n = answer(probe, "file", "list", List.of(dir));
            return n == null ? List.of() : Codec.strings(n.path("names"));
        }

        @Override
        public boolean exists(String path) {
            JsonNode n = answer(probe, "file", "exists", List.of(path));
            return n != null && n.path("value").asBoolean();
        }

        @Override
        public boolean isReadable(String path) {
            JsonNode n = answer(probe, "file", "isReadable", List.of(path));
            return n != null && n.path("value").asBoolean();
        }

        @Override
        public Optional<Instant> lastModified(String path) {
            JsonNode n = answer(probe, "file", "lastModified", List.of(path));
            return n == null || !n.has("value") ? Optional.empty()
                    : Optional.of(Instant.parse(n.path("value").asText()));
        }

        @Override
        public Optional<String> realPath(String path) {
            JsonNode n = answer(probe, "file", "realPath", List.of(path));
            return n == null || !n.has("value") ? Optional.empty() : Optional.of(n.path("value").asText());
        }
    }
}
