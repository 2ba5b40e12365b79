package dev.consentgate.core.policy;

/**
 * What a visitor who has not chosen yet gets.
 *
 * <p>Only opt-in exists: the ePrivacy Directive (Art. 5(3)) and GDPR require consent before non-necessary
 * cookies, so "nothing but necessary before a choice" is the only mode this library offers. The enum exists so
 * that the configuration names the mode explicitly and a later jurisdiction-specific mode is a compatible change.
 */
public enum ConsentMode {
    /** Nothing but necessary cookies before the visitor chooses. */
    OPT_IN("opt-in");

    private final String jsonName;

    ConsentMode(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }
}
