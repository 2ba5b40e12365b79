package dev.consentgate.servlet;

import dev.consentgate.core.consent.ConsentState;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Hides the cookies of categories that are not granted from the app: {@code getCookies()} and the {@code Cookie}
 * header (in any case) show only what the visitor allowed, so app code cannot read what was refused.
 *
 * <p>{@code startAsync()} keeps this request and the consent response in the async context, so an app that writes
 * cookies from its async thread through {@code AsyncContext.getResponse()} is still filtered. Not thread-safe, like
 * the request it wraps.
 */
final class ConsentRequest extends HttpServletRequestWrapper {

    private static final String COOKIE = "Cookie";

    private final Enforcer enforcer;
    private final ConsentState state;
    private final ConsentResponse response;
    private List<String> visibleHeaders;

    ConsentRequest(HttpServletRequest request, Enforcer enforcer, ConsentState state, ConsentResponse response) {
        super(request);
        this.enforcer = enforcer;
        this.state = state;
        this.response = response;
    }

    @Override
    public Cookie[] getCookies() {
        Cookie[] all = super.getCookies(); // the servlet API returns null when there are none
        if (all == null) {
            return null;
        }
        List<Cookie> visible = new ArrayList<>(all.length);
        for (Cookie c : all) {
            if (enforcer.allowRead(c.getName(), state)) {
                visible.add(c);
            }
        }
        return visible.isEmpty() ? null : visible.toArray(new Cookie[0]);
    }

    @Override
    public String getHeader(String name) {
        if (COOKIE.equalsIgnoreCase(name)) {
            List<String> headers = visibleCookieHeaders();
            return headers.isEmpty() ? null : headers.get(0);
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (COOKIE.equalsIgnoreCase(name)) {
            return Collections.enumeration(visibleCookieHeaders());
        }
        return super.getHeaders(name);
    }

    @Override
    public AsyncContext startAsync() {
        return super.startAsync(this, response);
    }

    /** Each {@code Cookie} header rebuilt from its allowed pairs; headers left empty are omitted. */
    private List<String> visibleCookieHeaders() {
        if (visibleHeaders == null) {
            List<String> rebuilt = new ArrayList<>();
            Enumeration<String> headers = super.getHeaders(COOKIE);
            while (headers != null && headers.hasMoreElements()) {
                StringBuilder visible = new StringBuilder();
                for (CookieHeaders.Pair pair : CookieHeaders.parse(headers.nextElement(), new ArrayList<>())) {
                    if (enforcer.allowRead(pair.name(), state)) {
                        if (visible.length() > 0) {
                            visible.append("; ");
                        }
                        visible.append(pair.raw());
                    }
                }
                if (visible.length() > 0) {
                    rebuilt.add(visible.toString());
                }
            }
            visibleHeaders = List.copyOf(rebuilt);
        }
        return visibleHeaders;
    }
}
