package io.rollcall.common.report;

import java.util.List;

/** The machine's user accounts and whether the built-in guest account is enabled. */
public record AccountsSection(List<Account> users, Tri guestEnabled) {
    public AccountsSection {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
