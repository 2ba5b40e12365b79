package dev.consentgate.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** A {@link LogEntry} as one JSON line of the spool, and back. */
final class SpoolEntries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpoolEntries() {
    }

    static String toLine(LogEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("timestamp", e.timestamp().toString());
        n.put("consentId", e.consentId().toString());
        n.put("action", e.action());
        e.granted().forEach(n.putArray("granted")::add);
        e.refused().forEach(n.putArray("refused")::add);
        n.put("policyRevision", e.policyRevision());
        e.expiresAt().ifPresent(x -> n.put("expiresAt", x.toString()));
        e.policyHash().ifPresent(x -> n.put("policyHash", x));
        e.language().ifPresent(x -> n.put("language", x));
        ObjectNode personal = n.putObject("personal");
        e.personal().forEach(personal::put);
        return n.toString();
    }

    static LogEntry parse(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        Set<String> granted = new HashSet<>();
        n.path("granted").forEach(g -> granted.add(g.asText()));
        Set<String> refused = new HashSet<>();
        n.path("refused").forEach(r -> refused.add(r.asText()));
        Map<String, String> personal = new TreeMap<>();
        n.path("personal").properties().forEach(p -> personal.put(p.getKey(), p.getValue().asText()));
        try {
            return new LogEntry(Instant.parse(n.path("timestamp").asText()),
                    UUID.fromString(n.path("consentId").asText()), n.path("action").asText(), granted, refused,
                    n.path("policyRevision").asInt(), optional(n, "expiresAt").map(Instant::parse),
                    optional(n, "policyHash"), optional(n, "language"), personal);
        } catch (RuntimeException e) {
            throw new IOException("spooled entry is damaged: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Optional<String> optional(JsonNode n, String key) {
        return n.hasNonNull(key) ? Optional.of(n.get(key).asText()) : Optional.empty();
    }
}
