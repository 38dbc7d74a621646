package io.rollcall.agent.resident;

/** The resident of the end-to-end tests: the real one, starting {@link FakeMediaWorker} as its worker. */
public final class FakeMediaResident {
    private FakeMediaResident() {
    }

    public static void main(String[] args) {
        // a string, not a class literal: the resident must not load the worker's classes, and this test proves it
        System.exit(Resident.run(args, "io.rollcall.agent.resident.FakeMediaWorker", System.out, System.err));
    }
}
