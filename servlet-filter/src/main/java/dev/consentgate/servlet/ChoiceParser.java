package dev.consentgate.servlet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgate.core.consent.ConsentAction;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a visitor's choice from a {@code POST /consent} body: JSON {@code {"granted":["analytics"]}} or
 * {@code {"action":"accept-all"}}, or a form with {@code action}, repeatable {@code granted} and {@code return}.
 * Every problem is a {@link BadChoice} naming the field; nothing here throws anything else.
 */
final class ChoiceParser {

    /** Largest body read; a choice is a few dozen bytes. */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A parsed choice. {@code returnPath} is present only for form posts, which answer with a redirect. */
    record Choice(ConsentAction action, Set<String> granted, Optional<String> returnPath) {
    }

    /** A choice that cannot be applied: the HTTP status, a lower-case message and the field, if one is at fault. */
    static final class BadChoice extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String field;
        final boolean bodyUnread;
        /** The message without anything the visitor sent, for diagnostic logs. */
        final String reason;

        BadChoice(int status, String message, String field) {
            this(status, message, field, false);
        }

        BadChoice(int status, String message, String field, boolean bodyUnread) {
            this(status, message, message, field, bodyUnread);
        }

        /** For a message that quotes the visitor's input: {@code reason} says the same without it. */
        BadChoice(int status, String message, String reason, String field, boolean bodyUnread) {
            super(message, null, false, false);
            this.status = status;
            this.field = field;
            this.bodyUnread = bodyUnread;
            this.reason = reason;
        }
    }

    private final ConsentPolicy policy;

    ChoiceParser(ConsentPolicy policy) {
        this.policy = policy;
    }

    Choice parse(String contentType, long contentLength, InputStream body) throws BadChoice {
        if (contentLength > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        byte[] bytes = read(body);
        return switch (type) {
            case "application/json" -> parseJson(bytes);
            case "application/x-www-form-urlencoded" -> parseForm(new String(bytes, StandardCharsets.UTF_8));
            default -> throw new BadChoice(415,
                    "content type must be application/json or application/x-www-form-urlencoded", null);
        };
    }

    private Choice parseJson(byte[] bytes) throws BadChoice {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending input; a consent payload stays out of answers and logs.
            throw new BadChoice(400, "malformed json at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), null);
        } catch (IOException e) {
            throw new BadChoice(400, "malformed json", null);
        }
        if (root == null || !root.isObject()) {
            throw new BadChoice(400, "expected a json object", "$");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!key.equals("action") && !key.equals("granted")) {
                throw new BadChoice(400, "unknown key '" + Enforcer.printable(key)
                        + "', expected one of [action, granted]", "unknown key", "$." + Enforcer.printable(key),
                        false);
            }
        }
        Optional<String> action = Optional.empty();
        if (root.has("action")) {
            if (!root.get("action").isTextual()) {
                throw new BadChoice(400, "expected a string", "$.action");
            }
            action = Optional.of(root.get("action").asText());
        }
        List<String> granted = null;
        if (root.has("granted")) {
            JsonNode array = root.get("granted");
            if (!array.isArray()) {
                throw new BadChoice(400, "expected an array of category ids", "$.granted");
            }
            granted = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!array.get(i).isTextual()) {
                    throw new BadChoice(400, "expected a category id string", "$.granted[" + i + "]");
                }
                granted.add(array.get(i).asText());
            }
        }
        return choice(action, granted, "$.action", "$.granted", Optional.empty());
    }

    private Choice parseForm(String body) throws BadChoice {
        Optional<String> action = Optional.empty();
        List<String> granted = null;
        String returnPath = null;
        for (String part : body.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = decode(eq < 0 ? "" : part.substring(eq + 1));
            switch (name) {
                case "action" -> {
                    if (action.isPresent()) {
                        throw new BadChoice(400, "action must be given once", "action");
                    }
                    action = Optional.of(value);
                }
                case "granted" -> {
                    if (granted == null) {
                        granted = new ArrayList<>();
                    }
                    if (!value.isEmpty()) {
                        granted.add(value);
                    }
                }
                case "return" -> returnPath = value;
                default -> {
                    // Other fields (an app framework's CSRF token, a submit button's name) are not ours to refuse.
                }
            }
        }
        return choice(action, granted, "action", "granted", Optional.of(ReturnPath.sanitize(returnPath)));
    }

    private Choice choice(Optional<String> actionName, List<String> granted, String actionField,
            String grantedField, Optional<String> returnPath) throws BadChoice {
        ConsentAction action = ConsentAction.CUSTOM;
        if (actionName.isPresent()) {
            action = switch (actionName.get()) {
                case "accept-all" -> ConsentAction.ACCEPT_ALL;
                case "reject-all" -> ConsentAction.REJECT_ALL;
                case "custom" -> ConsentAction.CUSTOM;
                default -> throw new BadChoice(400, "unknown action '" + Enforcer.printable(actionName.get())
                        + "', expected one of [accept-all, reject-all, custom]", "unknown action", actionField,
                        false);
            };
        }
        if (action != ConsentAction.CUSTOM && granted != null && !granted.isEmpty()) {
            throw new BadChoice(400, "granted must not be given with action '" + action.jsonName() + "'",
                    grantedField);
        }
        Set<String> categories = new LinkedHashSet<>();
        switch (action) {
            case ACCEPT_ALL -> categories.addAll(policy.categoryIds());
            case REJECT_ALL -> categories.add(ConsentCategory.NECESSARY);
            default -> {
                List<String> ids = granted == null ? List.of() : granted;
                for (int i = 0; i < ids.size(); i++) {
                    if (!policy.hasCategory(ids.get(i))) {
                        String field = grantedField.startsWith("$") ? grantedField + "[" + i + "]" : grantedField;
                        throw new BadChoice(400, "unknown category '" + Enforcer.printable(ids.get(i)) + "'",
                                "unknown category", field, false);
                    }
                    categories.add(ids.get(i));
                }
            }
        }
        return new Choice(action, categories, returnPath);
    }

    private static String decode(String s) throws BadChoice {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadChoice(400, "malformed form body", null);
        }
    }

    private static byte[] read(InputStream in) throws BadChoice {
        try {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new BadChoice(400, "could not read the request body", null);
        }
    }

    private static BadChoice tooLarge() {
        return new BadChoice(400, "request body is larger than " + MAX_BODY_BYTES + " bytes", null, true);
    }
}
