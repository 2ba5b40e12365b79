package dev.consentgate.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentgate.core.consent.ConsentAction;
import dev.consentgate.core.consent.ConsentDecision;
import dev.consentgate.core.consent.ConsentListener;
import dev.consentgate.core.consent.ConsentRecorder;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.consent.DecisionSource;
import dev.consentgate.core.policy.ConsentCategory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent endpoint: {@code GET} answers the current state, {@code POST} records a choice and sets the signed
 * cookie, {@code DELETE} withdraws. A choice is applied only once the {@link ConsentRecorder} has kept it; the
 * visitor's consent ID is kept across changes. Thread-safe.
 */
final class ConsentEndpoint {

    /** Most bytes of a refused, too large body read and thrown away so that the answer reaches the client. */
    static final long MAX_DRAIN = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ConsentFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Enforcer enforcer;
    private final ChoiceParser parser;
    private final ConsentRecorder recorder;
    private final List<ConsentListener> listeners;
    private final String policyHash;
    private final RequestTracking tracking;
    private final GoogleConsentMode consentMode;

    ConsentEndpoint(Enforcer enforcer, ConsentRecorder recorder, List<ConsentListener> listeners,
            RequestTracking tracking) {
        this.enforcer = enforcer;
        this.tracking = tracking;
        this.parser = new ChoiceParser(enforcer.config.policy());
        this.recorder = recorder;
        this.listeners = List.copyOf(listeners);
        this.policyHash = enforcer.config.policy().textHash();
        this.consentMode = GoogleConsentMode.of(enforcer.config);
    }

    void handle(HttpServletRequest request, ConsentResponse response, ConsentState current,
            List<CookieHeaders.Pair> cookies) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        switch (request.getMethod()) {
            case "GET", "HEAD" -> answer(response, 200, current, enforcer.gpc(cookies, request::getHeader));
            case "POST" -> post(request, response, current, cookies);
            case "DELETE" -> delete(request, response, current, cookies);
            default -> {
                response.setHeader("Allow", "GET, HEAD, POST, DELETE");
                error(response, 405, "method not allowed", null);
            }
        }
    }

    private void post(HttpServletRequest request, ConsentResponse response, ConsentState current,
            List<CookieHeaders.Pair> cookies) throws IOException {
        if (!SameOrigin.allows(request, enforcer.config.allowedOrigins())) {
            refuseCrossSite(response);
            return;
        }
        ChoiceParser.Choice choice;
        try {
            choice = parser.parse(request.getContentType(), request.getContentLengthLong(), request.getInputStream());
        } catch (ChoiceParser.BadChoice e) {
            // The reason, not the message: the message quotes what the visitor sent, which has no place in a log.
            log.debug("refused a consent choice: {}", e.reason);
            if (e.bodyUnread && !drained(request)) {
                response.setHeader("Connection", "close"); // RFC 9112 §9.6: the rest of the body is still coming
            }
            error(response, e.status, e.getMessage(), e.field);
            return;
        }
        ConsentState next = decide(current, choice.granted());
        apply(request, response, current, next, choice.action(), cookies, effective -> {
            if (choice.returnPath().isPresent()) {
                response.setStatus(303);
                response.setHeader("Location", choice.returnPath().get());
            } else {
                answer(response, 200, effective, enforcer.gpc(cookies, request::getHeader));
            }
        });
    }

    private void delete(HttpServletRequest request, ConsentResponse response, ConsentState current,
            List<CookieHeaders.Pair> cookies) throws IOException {
        if (!SameOrigin.allows(request, enforcer.config.allowedOrigins())) {
            refuseCrossSite(response);
            return;
        }
        ConsentState next = decide(current, Set.of(ConsentCategory.NECESSARY));
        apply(request, response, current, next, ConsentAction.WITHDRAW, cookies,
                effective -> answer(response, 200, effective, enforcer.gpc(cookies, request::getHeader)));
    }

    /** The new state: same consent ID as before, the lifetime of an acceptance or of a refusal. */
    private ConsentState decide(ConsentState current, Set<String> granted) {
        Instant now = enforcer.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        UUID id = current.consentId().orElseGet(UUID::randomUUID);
        boolean accepts = granted.stream().anyMatch(c -> !c.equals(ConsentCategory.NECESSARY));
        Duration lifetime = accepts ? enforcer.config.policy().acceptLifetime()
                : enforcer.config.policy().refusalLifetime();
        return ConsentState.decided(id, granted, enforcer.config.policy().revision(), now, now.plus(lifetime),
                DecisionSource.CHOICE);
    }

    /** What to answer once the decision is recorded and applied. */
    @FunctionalInterface
    private interface Answer {
        void send(ConsentState effective) throws IOException;
    }

    /**
     * Records the decision, then sets the cookie with the choice as made, expires what the effective state (the
     * choice with GPC's refusals) does not grant and answers with {@code then}; answers 503 when it was not recorded.
     * See {@link WhenRecorded} for the thread that does it.
     */
    private void apply(HttpServletRequest request, ConsentResponse response, ConsentState current,
            ConsentState next, ConsentAction action, List<CookieHeaders.Pair> cookies, Answer then)
            throws IOException {
        Set<String> refused = new TreeSet<>(enforcer.config.policy().categoryIds());
        refused.removeAll(next.granted());
        java.util.Map<String, String> visitor = tracking.minimised(request, enforcer.config.consentLogPersonal(),
                enforcer.config.policy().categoryIds());
        ConsentDecision decision = new ConsentDecision(action, next,
                current.isDecided() ? Optional.of(current) : Optional.empty(), refused, Optional.of(policyHash),
                next.decidedAt().orElseThrow(), pageUrl(request), language(request),
                Optional.ofNullable(visitor.get("ip")), Optional.ofNullable(visitor.get("browser")));
        CompletionStage<Void> kept;
        try {
            kept = recorder.recordAsync(decision);
        } catch (RuntimeException e) {
            kept = CompletableFuture.failedFuture(e);
        }
        WhenRecorded.then(request, response, kept,
                failure -> finish(request, response, next, decision, cookies, failure, then));
    }

    private void finish(HttpServletRequest request, ConsentResponse response, ConsentState next,
            ConsentDecision decision, List<CookieHeaders.Pair> cookies, Throwable failure, Answer then)
            throws IOException {
        if (failure != null) {
            log.error("consent decision could not be recorded; the choice was not applied", failure);
            error(response, 503, "consent could not be recorded; nothing was changed", null);
            return;
        }
        ConsentState effective = enforcer.effective(next, cookies, request::getHeader);
        request.setAttribute(ConsentGate.ATTRIBUTE, effective);
        response.addOwnCookie(enforcer.consentCookie(enforcer.codec.encode(next), next.expiresAt().orElseThrow(),
                request));
        enforcer.expiryHeaders(cookies, effective, request).forEach(response::addOwnCookie);
        for (ConsentListener listener : listeners) {
            try {
                listener.onDecision(decision);
            } catch (RuntimeException e) {
                log.warn("consent listener {} failed; the decision stands", listener.getClass().getName(), e);
            }
        }
        then.send(effective);
    }

    private void refuseCrossSite(ConsentResponse response) throws IOException {
        log.debug("refused a cross-site consent request");
        // The body is left unread, so the connection cannot carry another request (RFC 9112 §9.6).
        response.setHeader("Connection", "close");
        error(response, 403, "cross-site consent requests are not allowed", null);
    }

    private void answer(HttpServletResponse response, int status, ConsentState state, boolean gpc)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("consentId", state.consentId().map(UUID::toString).orElse(null));
        body.put("decided", state.isDecided());
        ArrayNode granted = body.putArray("granted");
        granted.add(ConsentCategory.NECESSARY);
        state.granted().stream().filter(c -> !c.equals(ConsentCategory.NECESSARY)).forEach(granted::add);
        body.put("policyRevision", state.policyRevision());
        body.put("decidedAt", state.decidedAt().map(Instant::toString).orElse(null));
        body.put("expiresAt", state.expiresAt().map(Instant::toString).orElse(null));
        body.put("source", state.source().jsonName());
        body.put("gpc", gpc);
        ObjectNode consentMode = body.putObject("googleConsentMode");
        this.consentMode.values(state).forEach(consentMode::put);
        write(response, status, body);
    }

    static void error(HttpServletResponse response, int status, String message, String field) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        body.put("field", field);
        write(response, status, body);
    }

    private static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The page the choice was made on: the same-origin {@code Referer} without query or fragment. */
    private static Optional<String> pageUrl(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        if (referer == null || referer.length() > 2_048) {
            return Optional.empty();
        }
        int cut = referer.length();
        for (char c : new char[] {'?', '#'}) {
            int i = referer.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String page = referer.substring(0, cut);
        boolean printable = page.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return printable && page.toLowerCase(Locale.ROOT).startsWith(SameOrigin.ownOrigin(request) + "/")
                ? Optional.of(page) : Optional.empty();
    }

    /**
     * The language of the banner texts the visitor was shown (the {@code Accept-Language} range of highest weight
     * the banner has): what the record of the decision should say the visitor read.
     */
    private static Optional<String> language(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        return header == null ? Optional.empty() : Optional.of(BannerTexts.language(header));
    }

    /**
     * Reads and discards what is left of a refused body, up to {@link #MAX_DRAIN} bytes: answering and closing while
     * the client is still sending makes its TCP stack reset the connection, and the client then never sees the 400
     * (as Tomcat's {@code maxSwallowSize} does for the same reason). Whether the body ended within the bound.
     */
    private static boolean drained(HttpServletRequest request) {
        try {
            InputStream in = request.getInputStream();
            byte[] skip = new byte[8_192];
            for (long left = MAX_DRAIN; left > 0; ) {
                int n = in.read(skip, 0, (int) Math.min(skip.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return in.read() < 0;
        } catch (IOException e) {
            return false;
        }
    }
}
