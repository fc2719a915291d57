package io.bootc4j.oci.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A secret used to authenticate to one registry: a user name and password, or an OAuth2 identity
 * (refresh) token as Docker's {@code identitytoken} field and credential helpers return it.
 *
 * <p>Immutable. {@link #toString()} never prints the secret.
 */
public final class Credential {

    private final String username;
    private final String password;
    private final String identityToken;

    private Credential(String username, String password, String identityToken) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.identityToken = identityToken;
    }

    /** A user name and password, sent as HTTP Basic or used to request a bearer token. */
    public static Credential basic(String username, String password) {
        if (username.isEmpty()) {
            throw new IllegalArgumentException("credential user name is empty");
        }
        return new Credential(username, password, null);
    }

    /**
     * An OAuth2 refresh token exchanged at the token endpoint ({@code grant_type=refresh_token});
     * {@code username} may be empty.
     */
    public static Credential identityToken(String username, String token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("identity token is empty");
        }
        return new Credential(username, "", token);
    }

    public String username() {
        return username;
    }

    /** The password; empty for an identity-token credential. */
    public String password() {
        return password;
    }

    public Optional<String> identityToken() {
        return Optional.ofNullable(identityToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && c.username.equals(username) && c.password.equals(password)
                && Objects.equals(c.identityToken, identityToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password, identityToken);
    }

    @Override
    public String toString() {
        return identityToken != null ? "Credential[identity token for \"" + username + "\"]"
                : "Credential[user \"" + username + "\", password ***]";
    }
}
