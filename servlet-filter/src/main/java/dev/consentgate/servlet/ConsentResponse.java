package dev.consentgate.servlet;

import dev.consentgate.core.consent.ConsentState;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops each cookie whose category is not granted at the moment the app sets it, through whichever API: {@code
 * addCookie}, or {@code addHeader}/{@code setHeader} (and their int/date variants) with {@code Set-Cookie} in any
 * case. Dropping on the way in, not by rewriting headers later, is what works: containers ignore header changes
 * once the response is committed.
 *
 * <p>Also keeps the filter's own headers alive: the consent and expiry cookies survive an app's
 * {@code setHeader("Set-Cookie", …)} and {@code reset()}, {@code Vary: Cookie} survives a {@code setHeader("Vary",
 * …)}, and the default {@code Cache-Control: private} gives way to any value the app sets. The filter's
 * Content-Security-Policy is a default too: the app's first header of the same name replaces it, so an app's own
 * policy is never merged with or narrowed by the filter's. Not thread-safe, like the response it wraps.
 */
final class ConsentResponse extends HttpServletResponseWrapper {

    private static final String SET_COOKIE = "Set-Cookie";
    private static final String VARY = "Vary";
    private static final String CACHE_CONTROL = "Cache-Control";

    private final Enforcer enforcer;
    private final ConsentState state;
    private final List<String> ownCookies = new ArrayList<>();
    private boolean defaultCacheControl;
    private String cspName;
    private String cspValue;
    private boolean defaultCsp;

    ConsentResponse(HttpServletResponse response, Enforcer enforcer, ConsentState state) {
        super(response);
        this.enforcer = enforcer;
        this.state = state;
    }

    /** Marks the response as depending on the consent cookie, for caches (RFC 9110 §12.5.5). */
    void writeCachingHeaders() {
        if (!varies(getHeaders(VARY))) {
            super.addHeader(VARY, "Cookie");
        }
        if (!containsHeader(CACHE_CONTROL)) {
            super.setHeader(CACHE_CONTROL, "private");
            defaultCacheControl = true;
        }
    }

    /** Sets the filter's Content-Security-Policy header, which an app's header of the same name replaces. */
    void writeDefaultCsp(String name, String value) {
        cspName = name;
        cspValue = value;
        defaultCsp = true;
        super.setHeader(name, value);
    }

    /** Adds a {@code Set-Cookie} of the filter's own, which the app's calls cannot remove. */
    void addOwnCookie(String setCookie) {
        ownCookies.add(setCookie);
        super.addHeader(SET_COOKIE, setCookie);
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (enforcer.allowSet(cookie.getName(), state, "addCookie")) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (SET_COOKIE.equalsIgnoreCase(name)) {
            if (value != null && enforcer.allowSet(CookieHeaders.setCookieName(value), state, "addHeader")) {
                super.addHeader(name, value);
            }
        } else if (CACHE_CONTROL.equalsIgnoreCase(name) && defaultCacheControl) {
            defaultCacheControl = false;
            super.setHeader(name, value);
        } else if (defaultCsp && name != null && name.equalsIgnoreCase(cspName)) {
            defaultCsp = false;
            super.setHeader(name, value);
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (SET_COOKIE.equalsIgnoreCase(name)) {
            // A blocked value leaves the earlier Set-Cookie headers as they were; an allowed one replaces the app's.
            if (value == null || enforcer.allowSet(CookieHeaders.setCookieName(value), state, "setHeader")) {
                super.setHeader(name, value);
                ownCookies.forEach(own -> super.addHeader(SET_COOKIE, own));
            }
        } else if (VARY.equalsIgnoreCase(name)) {
            super.setHeader(name, value);
            if (!varies(getHeaders(VARY))) {
                super.addHeader(VARY, "Cookie");
            }
        } else {
            if (CACHE_CONTROL.equalsIgnoreCase(name)) {
                defaultCacheControl = false;
            }
            if (name != null && name.equalsIgnoreCase(cspName)) {
                defaultCsp = false;
            }
            super.setHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (SET_COOKIE.equalsIgnoreCase(name)) {
            addHeader(name, Integer.toString(value));
        } else {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (SET_COOKIE.equalsIgnoreCase(name) || VARY.equalsIgnoreCase(name)) {
            setHeader(name, Integer.toString(value));
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (SET_COOKIE.equalsIgnoreCase(name)) {
            addHeader(name, Long.toString(date));
        } else {
            super.addDateHeader(name, date);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (SET_COOKIE.equalsIgnoreCase(name) || VARY.equalsIgnoreCase(name)) {
            setHeader(name, Long.toString(date));
        } else {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void reset() {
        super.reset();
        defaultCacheControl = false;
        writeCachingHeaders();
        if (cspName != null) {
            writeDefaultCsp(cspName, cspValue);
        }
        ownCookies.forEach(own -> super.addHeader(SET_COOKIE, own));
    }

    private static boolean varies(java.util.Collection<String> values) {
        for (String value : values) {
            for (String field : value.split(",")) {
                String f = field.strip();
                if (f.equals("*") || f.equalsIgnoreCase("Cookie")) {
                    return true;
                }
            }
        }
        return false;
    }
}
