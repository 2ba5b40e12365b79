package dev.consentgate.core.consent;

/** What a visitor did at the consent endpoint; recorded with each decision. */
public enum ConsentAction {
    /** Granted every category. */
    ACCEPT_ALL("accept-all"),
    /** Refused every optional category. */
    REJECT_ALL("reject-all"),
    /** Chose categories one by one. */
    CUSTOM("custom"),
    /** Withdrew an earlier consent ({@code DELETE /consent}). */
    WITHDRAW("withdraw");

    private final String jsonName;

    ConsentAction(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in requests ({@code action=accept-all}) and records. */
    public String jsonName() {
        return jsonName;
    }
}
