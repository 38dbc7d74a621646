package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Recording decorators for the Windows seams (registry, WMI, Netapi32 accounts, OSHI disk drives). They wrap the
 * interfaces only, so loading them loads no JNA class.
 */
final class RecordingWindowsSeams {
    private RecordingWindowsSeams() {
    }

    private static <T> T record(Recorder recorder, String probe, String seam, String op, List<String> args,
                                Supplier<T> read, Function<T, ObjectNode> encode) {
        long start = recorder.now();
        try {
            T value = read.get();
            recorder.add(probe, seam, op, args, encode.apply(value), start);
            return value;
        } catch (RuntimeException e) {
            recorder.add(probe, seam, op, args, Codec.error(e), start);
            throw e;
        }
    }

    record Reg(Registry real, String probe, Recorder recorder) implements Registry {
        @Override
        public List<String> subKeys(String key) {
            return record(recorder, probe, "registry", "subKeys", List.of(key), () -> real.subKeys(key), Codec::names);
        }

        @Override
        public Map<String, Object> values(String key) {
            return record(recorder, probe, "registry", "values", List.of(key), () -> real.values(key), Codec::values);
        }

        @Override
        public boolean loadHive(String name, String hiveFile) {
            return record(recorder, probe, "registry", "loadHive", List.of(name, hiveFile),
                    () -> real.loadHive(name, hiveFile), ok -> Codec.JSON.objectNode().put("loaded", ok));
        }

        @Override
        public void unloadHive(String name) {
            record(recorder, probe, "registry", "unloadHive", List.of(name), () -> {
                real.unloadHive(name);
                return Boolean.TRUE;
            }, ok -> Codec.JSON.objectNode());
        }
    }

    record Wmic(Wmi real, String probe, Recorder recorder) implements Wmi {
        @Override
        public Result select(String namespace, String wmiClass, List<String> properties) {
            List<String> args = new ArrayList<>(List.of(namespace, wmiClass));
            args.addAll(properties);
            return record(recorder, probe, "wmi", "select", args, () -> real.select(namespace, wmiClass, properties),
                    RecordingWindowsSeams::result);
        }

        @Override
        public Result call(String namespace, String objectPath, String method, List<String> outProperties) {
            List<String> args = new ArrayList<>(List.of(namespace, objectPath, method));
            args.addAll(outProperties);
            return record(recorder, probe, "wmi", "call", args,
                    () -> real.call(namespace, objectPath, method, outProperties), RecordingWindowsSeams::result);
        }
    }

    static ObjectNode result(Wmi.Result r) {
        ObjectNode n = Codec.JSON.objectNode();
        ArrayNode rows = n.putArray("rows");
        r.rows().forEach(row -> rows.add(Codec.values(row).path("values")));
        if (r.failure() != null) {
            n.put("failure", r.failure());
        }
        return n;
    }

    record Accounts(LocalAccountsSource real, String probe, Recorder recorder) implements LocalAccountsSource {
        @Override
        public List<NetUser> users() {
            return record(recorder, probe, "accounts", "users", List.of(), real::users, users -> {
                ObjectNode n = Codec.JSON.objectNode();
                ArrayNode a = n.putArray("users");
                users.forEach(u -> a.addObject().put("name", u.name()).put("sid", u.sid())
                        .put("disabled", u.disabled()).put("passwordRequired", u.passwordRequired())
                        .put("lastLogon", u.lastLogon() == null ? null : u.lastLogon().toString()));
                return n;
            });
        }

        @Override
        public List<String> administratorSids() {
            return record(recorder, probe, "accounts", "administratorSids", List.of(), real::administratorSids,
                    Codec::names);
        }

        @Override
        public List<Member> administratorMembers() {
            return record(recorder, probe, "accounts", "administratorMembers", List.of(), real::administratorMembers,
                    members -> {
                        ObjectNode n = Codec.JSON.objectNode();
                        ArrayNode a = n.putArray("members");
                        members.forEach(m -> a.addObject().put("sid", m.sid()).put("group", m.group()));
                        return n;
                    });
        }

        @Override
        public java.util.Optional<String> accountName(String sid) {
            return record(recorder, probe, "accounts", "accountName", List.of(sid), () -> real.accountName(sid),
                    Codec::optional);
        }

        @Override
        public java.util.Optional<List<String>> sessionGroupSids(String userSid) {
            return record(recorder, probe, "accounts", "sessionGroupSids", List.of(userSid),
                    () -> real.sessionGroupSids(userSid),
                    sids -> sids.map(Codec::names).orElseGet(Codec.JSON::objectNode));
        }
    }

    record Disks(DiskDrives real, String probe, Recorder recorder) implements DiskDrives {
        @Override
        public List<Drive> list() {
            return record(recorder, probe, "disks", "list", List.of(), real::list, drives -> {
                ObjectNode n = Codec.JSON.objectNode();
                ArrayNode a = n.putArray("drives");
                drives.forEach(d -> a.addObject().put("name", d.name()).put("model", d.model())
                        .put("serial", d.serial()).put("sizeBytes", d.sizeBytes()).put("diskType", d.diskType()));
                return n;
            });
        }
    }
}
