package io.rollcall.collector.http;

/** Checks the shared secrets people and agents present. Implementations compare hashes in constant time. */
public interface Tokens {
    boolean isEnrollToken(String candidate);

    boolean isAdminToken(String candidate);
}
