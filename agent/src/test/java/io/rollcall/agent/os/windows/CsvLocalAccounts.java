package io.rollcall.agent.os.windows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LocalAccountsSource} answering from recorded {@code Get-LocalUser} and {@code Get-LocalGroupMember} output
 * ({@code ConvertTo-Csv -NoTypeInformation}: a header row, every field double-quoted). Lines starting with '#' are
 * the fixture's notes.
 */
public final class CsvLocalAccounts implements LocalAccountsSource {
    private final List<NetUser> users = new ArrayList<>();
    private final List<String> admins = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();

    public CsvLocalAccounts(Path localUsers, Path administrators) {
        for (String[] r : rows(localUsers)) { // Name, SID, Enabled, PasswordRequired, LastLogon
            users.add(new NetUser(r[0], r[1], !Boolean.parseBoolean(r[2]), Boolean.parseBoolean(r[3]),
                    r[4].isEmpty() ? null : Instant.parse(r[4])));
        }
        for (String[] r : rows(administrators)) { // Name, SID, PrincipalSource, ObjectClass
            admins.add(r[1]);
            members.add(new Member(r[1], r.length > 3 && r[3].equalsIgnoreCase("Group")));
        }
    }

    private static List<String[]> rows(Path csv) {
        try {
            List<String[]> out = new ArrayList<>();
            boolean header = true;
            for (String line : Files.readAllLines(csv)) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String inner = line.substring(1, line.length() - 1);
                out.add(inner.split("\",\"", -1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<NetUser> users() {
        return users;
    }

    @Override
    public List<String> administratorSids() {
        return admins;
    }

    /** Members with ObjectClass "Group" are groups, as NetLocalGroupGetMembers' SID_NAME_USE would say. */
    @Override
    public List<Member> administratorMembers() {
        return members;
    }
}
