package io.rollcall.collector.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.rollcall.collector.devices.DeviceRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code devices} map's value in Hazelcast's Compact format. Every report reads a device's record twice and writes
 * it once; Java serialization (the record's default, through {@code ObjectOutputStream}) was ~12 % of a report's
 * worker time under load, this a fraction of it, and it names its fields instead of trusting a class stream.
 * A field added to {@link DeviceRecord} must be added here ({@code DeviceRecordSerializerTest} fails until it is).
 */
public final class DeviceRecordSerializer implements CompactSerializer<DeviceRecord> {
    @Override
    public DeviceRecord read(CompactReader in) {
        String[] keys = in.readArrayOfString("sectionNames");
        String[] values = in.readArrayOfString("sectionHashes");
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; keys != null && i < keys.length; i++) {
            hashes.put(keys[i], values[i]);
        }
        return new DeviceRecord(UUID.fromString(in.readString("id")), in.readString("hardwareUuid"),
                in.readString("serialNumber"), in.readString("hostname"), in.readString("osFamily"),
                in.readString("osVersion"), in.readString("secretHash"), instant(in.readTimestampWithTimezone("enrolledAt")),
                instant(in.readTimestampWithTimezone("lastSeenAt")), in.readString("lastReportKind"),
                in.readString("agentVersion"), in.readNullableBoolean("compliant"), in.readInt32("openFindings"), hashes);
    }

    @Override
    public void write(CompactWriter out, DeviceRecord d) {
        out.writeString("id", d.id().toString());
        out.writeString("hardwareUuid", d.hardwareUuid());
        out.writeString("serialNumber", d.serialNumber());
        out.writeString("hostname", d.hostname());
        out.writeString("osFamily", d.osFamily());
        out.writeString("osVersion", d.osVersion());
        out.writeString("secretHash", d.secretHash());
        out.writeTimestampWithTimezone("enrolledAt", offset(d.enrolledAt()));
        out.writeTimestampWithTimezone("lastSeenAt", offset(d.lastSeenAt()));
        out.writeString("lastReportKind", d.lastReportKind());
        out.writeString("agentVersion", d.agentVersion());
        out.writeNullableBoolean("compliant", d.compliant());
        out.writeInt32("openFindings", d.openFindings());
        String[] keys = d.sectionHashes().keySet().toArray(String[]::new);
        String[] values = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = d.sectionHashes().get(keys[i]);
        }
        out.writeArrayOfString("sectionNames", keys);
        out.writeArrayOfString("sectionHashes", values);
    }

    @Override
    public String getTypeName() {
        return "rollcall.DeviceRecord";
    }

    @Override
    public Class<DeviceRecord> getCompactClass() {
        return DeviceRecord.class;
    }

    private static OffsetDateTime offset(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
