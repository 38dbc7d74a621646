package io.rollcall.collector.sso;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * An OpenID Connect provider the admin added (Google Workspace, Microsoft Entra ID, or any other that publishes a
 * discovery document). The client secret is never serialised, never in {@link #toString()}.
 *
 * @param id               short name in URLs ({@code google}, {@code entra})
 * @param issuer           the provider's issuer URL; {@code /.well-known/openid-configuration} is read from it
 * @param clientSecret     the secret itself, or null when {@code clientSecretFile} holds it
 * @param clientSecretFile a file every node reads the secret from (a systemd credential, a mounted secret)
 */
public record SsoProvider(String id, String displayName, String issuer, String clientId,
                          @JsonIgnore String clientSecret, String clientSecretFile, boolean enabled,
                          Instant createdAt, String createdBy) {

    /** Whether a secret is set, for the API and the console (the secret itself is never shown). */
    public boolean clientSecretSet() {
        return clientSecret != null || clientSecretFile != null;
    }

    /** The secret, read from the file when that is where it is kept. Blocking. */
    public String secret() throws IOException {
        if (clientSecret != null) {
            return clientSecret;
        }
        if (clientSecretFile == null) {
            throw new IOException("provider " + id + " has no client secret");
        }
        return Files.readString(Path.of(clientSecretFile), StandardCharsets.UTF_8).strip();
    }

    @Override
    public String toString() {
        return "SsoProvider[" + id + ", " + issuer + ", client " + clientId + "]";
    }
}
