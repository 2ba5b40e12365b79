package dev.consentgate.core.csp;

/** Whether and how the filter sends its Content-Security-Policy. */
public enum CspMode {
    /** {@code Content-Security-Policy}: the browser blocks what the policy does not allow. */
    ENFORCE("enforce", "Content-Security-Policy"),
    /** {@code Content-Security-Policy-Report-Only}: the browser only reports, to try a policy out. */
    REPORT_ONLY("report-only", "Content-Security-Policy-Report-Only"),
    /** No header: the app sends its own policy, or none. */
    OFF("off", null);

    private final String jsonName;
    private final String headerName;

    CspMode(String jsonName, String headerName) {
        this.jsonName = jsonName;
        this.headerName = headerName;
    }

    /** The name used in the JSON configuration. */
    public String jsonName() {
        return jsonName;
    }

    /** The response header this mode writes; null for {@link #OFF}. */
    public String headerName() {
        return headerName;
    }
}
