package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys consent cookies are signed and verified with, newest first: new cookies are signed with the newest, and
 * a cookie signed with any listed key still verifies, so a key can be rotated without logging everyone out.
 *
 * <p>To rotate: put a new key in front ({@code new:…,old:…}), deploy, and drop {@code old} once the cookies it
 * signed have expired or may be asked for again. Removing a key invalidates every cookie it signed.
 *
 * <p>Error messages name the entry (1-based) and its key id, never the secret. {@link #toString()} shows only the
 * key ids. Immutable and thread-safe.
 */
public final class SigningKeys {

    /** Environment variable holding the keys: a comma-separated {@code keyId:base64} list, newest first. */
    public static final String ENVIRONMENT_VARIABLE = "CONSENTGATE_SECRET";

    /** Size of the secrets {@link #generate} makes: the HMAC-SHA256 output size. */
    public static final int GENERATED_SECRET_BYTES = 32;

    private final List<SigningKey> keys;

    private SigningKeys(List<SigningKey> keys) {
        this.keys = keys;
    }

    /**
     * The given keys, newest first.
     *
     * @throws IllegalArgumentException when the list is empty or two keys share an id
     */
    public static SigningKeys of(List<SigningKey> newestFirst) {
        requireNonNull(newestFirst, "newestFirst");
        List<SigningKey> copy = List.copyOf(newestFirst);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("signing keys must not be empty");
        }
        Set<String> ids = new HashSet<>();
        for (SigningKey key : copy) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("duplicate signing key id '" + key.id() + "'");
            }
        }
        return new SigningKeys(copy);
    }

    /**
     * Parses {@code keyId:base64,keyId:base64}, newest first (the format of {@value #ENVIRONMENT_VARIABLE}).
     *
     * <p>Secrets may use the standard or the URL-safe base64 alphabet, with or without {@code =} padding; spaces
     * around entries, ids and secrets are ignored.
     *
     * @throws IllegalArgumentException naming the entry that is wrong, never echoing a secret
     */
    public static SigningKeys parse(String spec) {
        requireNonNull(spec, "spec");
        if (spec.isBlank()) {
            throw new IllegalArgumentException("signing key list is empty; expected keyId:base64,keyId:base64");
        }
        String[] entries = spec.split(",", -1);
        List<SigningKey> keys = new ArrayList<>(entries.length);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.length; i++) {
            SigningKey key = parseEntry(i + 1, entries[i].trim());
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("signing key entry " + (i + 1) + " repeats key id '" + key.id()
                        + "'");
            }
            keys.add(key);
        }
        return new SigningKeys(List.copyOf(keys));
    }

    /**
     * The keys in {@code env}'s {@value #ENVIRONMENT_VARIABLE}, or empty when it is not set or blank.
     *
     * @param env the environment, such as {@code System.getenv()}
     * @throws IllegalArgumentException when the variable is set but not a valid key list
     */
    public static Optional<SigningKeys> fromEnvironment(Map<String, String> env) {
        requireNonNull(env, "env");
        String spec = env.get(ENVIRONMENT_VARIABLE);
        if (spec == null || spec.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(spec));
        } catch (IllegalArgumentException e) {
            // parse's message never holds a secret; the cause is dropped so no stack trace can carry one either
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + ": " + e.getMessage());
        }
    }

    /** A new key with the given id and {@value #GENERATED_SECRET_BYTES} bytes from {@code random}. */
    public static SigningKey generate(String id, SecureRandom random) {
        requireNonNull(id, "id");
        requireNonNull(random, "random");
        byte[] secret = new byte[GENERATED_SECRET_BYTES];
        random.nextBytes(secret);
        return SigningKey.of(id, secret);
    }

    /**
     * The key as a {@link #parse} entry, {@code keyId:base64url} without padding. The result holds the secret:
     * treat it as a password.
     */
    public static String format(SigningKey key) {
        requireNonNull(key, "key");
        return key.id() + ':' + Base64.getUrlEncoder().withoutPadding().encodeToString(key.secret());
    }

    /** The key new cookies are signed with. */
    public SigningKey newest() {
        return keys.get(0);
    }

    /** The key with this id, if listed. */
    public Optional<SigningKey> byId(String id) {
        requireNonNull(id, "id");
        for (SigningKey key : keys) {
            if (key.id().equals(id)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** All keys, newest first. */
    public List<SigningKey> all() {
        return keys;
    }

    /** The key ids, newest first; never a secret. */
    @Override
    public String toString() {
        List<String> ids = new ArrayList<>(keys.size());
        for (SigningKey key : keys) {
            ids.add(key.id());
        }
        return "SigningKeys" + ids;
    }

    private static SigningKey parseEntry(int position, String entry) {
        String where = "signing key entry " + position;
        if (entry.isEmpty()) {
            throw new IllegalArgumentException(where + " is empty; expected keyId:base64");
        }
        int colon = entry.indexOf(':');
        if (colon < 0) {
            // Most likely a bare secret: say nothing about its content.
            throw new IllegalArgumentException(where + " has no ':'; expected keyId:base64");
        }
        String id = entry.substring(0, colon).trim();
        if (!isValidId(id)) {
            // Not echoed: a swapped entry (secret:id) would put the secret here.
            throw new IllegalArgumentException(where + " has an invalid key id; it must match [A-Za-z0-9_-]{1,16}");
        }
        String named = where + " ('" + id + "')";
        String encoded = entry.substring(colon + 1).trim();
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException(named + " has no secret after ':'");
        }
        byte[] secret = decodeBase64(encoded);
        if (secret == null) {
            throw new IllegalArgumentException(named + " has a secret that is not base64 (standard or url-safe)");
        }
        if (secret.length < SigningKey.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(named + " has a secret of " + secret.length + " bytes; at least "
                    + SigningKey.MIN_SECRET_BYTES + " are required");
        }
        return SigningKey.of(id, secret);
    }

    private static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > 16) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Decodes either base64 alphabet, padded or not; null when invalid. Never reports what it read. */
    private static byte[] decodeBase64(String encoded) {
        int end = encoded.length();
        int padding = 0;
        while (end > 0 && encoded.charAt(end - 1) == '=' && padding < 2) {
            end--;
            padding++;
        }
        if ((padding > 0 && encoded.length() % 4 != 0) || end % 4 == 1 || end == 0) {
            return null;
        }
        char[] standard = new char[end];
        for (int i = 0; i < end; i++) {
            char c = encoded.charAt(i);
            if (c == '-') {
                c = '+';
            } else if (c == '_') {
                c = '/';
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
                    || c == '/')) {
                return null;
            }
            standard[i] = c;
        }
        try {
            return Base64.getDecoder().decode(new String(standard));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
