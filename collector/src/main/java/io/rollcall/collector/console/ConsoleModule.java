package io.rollcall.collector.console;

/**
 * One feature's console pages (devices, compliance, users; later software review, licences, assets,
 * loans). A module adds its pages and their navigation entries; the layout, sign-in, role checks and
 * CSRF checks are the console's.
 */
@FunctionalInterface
public interface ConsoleModule {
    void mount(ConsoleRouter console);
}
