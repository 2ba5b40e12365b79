package dev.consentgate.servlet;

import static java.util.Objects.requireNonNull;

import dev.consentgate.core.consent.ConsentState;
import jakarta.servlet.ServletRequest;

/**
 * Where app code and templates ask for the visitor's consent, as the {@link ConsentFilter} resolved it.
 *
 * <pre>{@code
 * if (ConsentGate.consent(request).isGranted("analytics")) { ... render the analytics tag ... }
 * }</pre>
 *
 * <p>The state is also the request attribute {@value #ATTRIBUTE}, for JSP/EL ({@code
 * ${requestScope['dev.consentgate.ConsentState'].isGranted('analytics')}}).
 */
public final class ConsentGate {

    /** Request attribute holding the {@link ConsentState} of the request. */
    public static final String ATTRIBUTE = "dev.consentgate.ConsentState";

    /**
     * Request attribute an app may set to the route that served the request, such as {@code /users/{id}}, for the
     * tracking record's {@code route}; by default it is the servlet mapping ({@code /app/*}). Give a template,
     * never the path itself: the route is recorded for every visitor, consent or not.
     */
    public static final String ROUTE_ATTRIBUTE = "dev.consentgate.route";

    private ConsentGate() {
    }

    /**
     * The consent state of this request. When the filter did not run for it (not mapped, or a request it does not
     * cover), the answer is undecided: necessary only, the safe default.
     */
    public static ConsentState consent(ServletRequest request) {
        requireNonNull(request, "request");
        Object state = request.getAttribute(ATTRIBUTE);
        return state instanceof ConsentState s ? s : ConsentState.undecided(0);
    }
}
