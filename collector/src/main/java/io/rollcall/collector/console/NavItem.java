package io.rollcall.collector.console;

import io.rollcall.collector.http.Role;
import java.util.Set;

/** One entry of the console's navigation, shown only to the roles that may open it. */
public record NavItem(String label, String path, Set<Role> roles) {
}
