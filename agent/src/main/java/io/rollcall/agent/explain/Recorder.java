package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;
import io.rollcall.agent.probe.ProbeSeams;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Wraps every seam a probe gets in a recording decorator labelled with that probe, so one scan yields each probe's
 * reads in order. Thread-safe: a probe may read from a worker thread (untrusted reads run on one).
 */
public final class Recorder implements ProbeSeams {
    private final ProbeSeams inner;
    private final LongSupplier nanoTime;
    private final List<SourceRecord> records = new ArrayList<>();

    /** Records around the seams {@code inner} hands out (the real ones, or a replay). */
    public Recorder(ProbeSeams inner, LongSupplier nanoTime) {
        this.inner = inner;
        this.nanoTime = nanoTime;
    }

    public Recorder() {
        this(ProbeSeams.REAL, System::nanoTime);
    }

    long now() {
        return nanoTime.getAsLong();
    }

    void add(String probe, String seam, String op, List<String> args, ObjectNode result, long startNanos) {
        long micros = Math.max(0, (nanoTime.getAsLong() - startNanos) / 1000);
        synchronized (records) {
            records.add(new SourceRecord(records.size() + 1, probe, seam, op, args, result, micros));
        }
    }

    /** Every read so far, in order. */
    public List<SourceRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public FileSource files(String probe, FileSource real) {
        return new RecordingFileSource(inner.files(probe, real), probe, this);
    }

    @Override
    public CommandRunner commands(String probe, CommandRunner real) {
        return new RecordingCommandRunner(inner.commands(probe, real), probe, this);
    }

    @Override
    public Registry registry(String probe, Registry real) {
        return new RecordingWindowsSeams.Reg(inner.registry(probe, real), probe, this);
    }

    @Override
    public Wmi wmi(String probe, Wmi real) {
        return new RecordingWindowsSeams.Wmic(inner.wmi(probe, real), probe, this);
    }

    @Override
    public LocalAccountsSource localAccounts(String probe, LocalAccountsSource real) {
        return new RecordingWindowsSeams.Accounts(inner.localAccounts(probe, real), probe, this);
    }

    @Override
    public DiskDrives diskDrives(String probe, DiskDrives real) {
        return new RecordingWindowsSeams.Disks(inner.diskDrives(probe, real), probe, this);
    }
}
