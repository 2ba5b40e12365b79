/**
 * Consent signals besides the filter's own cookie: the {@link dev.consentgate.core.signal.ConsentSource} SPI, the
 * built-in sources (IAB TCF v2 TC strings, the cookies of Cookiebot, OneTrust, cookieconsent, Klaro and
 * tarteaucitron, Global Privacy Control) and the {@link dev.consentgate.core.signal.ConsentResolver} that combines
 * them in a configured precedence ({@link dev.consentgate.core.signal.SignalsConfig}).
 *
 * <p>Every source reads client input, so every source fails closed: a missing, malformed, truncated, oversized or
 * ambiguous value is "no decision" from that source, never an exception and never a grant.
 */
package dev.consentgate.core.signal;
