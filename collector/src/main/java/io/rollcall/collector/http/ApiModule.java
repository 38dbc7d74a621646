package io.rollcall.collector.http;

/**
 * One feature's authenticated routes (software, licences, loans, people, users, …). The collector
 * builds the modules once; every HTTP verticle instance mounts them into its route table after
 * authentication, so a feature adds itself without editing the core routes.
 */
@FunctionalInterface
public interface ApiModule {
    void mount(ApiRouter api);
}
