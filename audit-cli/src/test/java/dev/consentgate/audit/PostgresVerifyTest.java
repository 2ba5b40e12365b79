package dev.consentgate.audit;

import static dev.consentgate.audit.AuditFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.consentgate.audit.AuditFixtures.Result;
import dev.consentgate.core.log.LogEntry;
import dev.consentgate.core.log.PostgresConsentLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auditor's {@code verify} against the PostgreSQL store, on a real PostgreSQL named by
 * {@code CONSENTGATE_TEST_JDBC_URL} ({@code .ci/run} starts one); skipped without it, failing under {@code CI=true}.
 */
class PostgresVerifyTest {

    private static String serverUrl;
    private String schema;
    private String url;

    @BeforeAll
    static void database() {
        serverUrl = System.getenv("CONSENTGATE_TEST_JDBC_URL");
        if (serverUrl == null || serverUrl.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CONSENTGATE_TEST_JDBC_URL is not set: the PostgreSQL tests need a database under CI");
            }
            assumeTrue(false, "CONSENTGATE_TEST_JDBC_URL is not set: skipping the PostgreSQL tests");
        }
    }

    @BeforeEach
    void schema() throws SQLException {
        schema = "cg_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(serverUrl, "CREATE SCHEMA " + schema);
        url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void drop() throws SQLException {
        execute(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
    }

    private static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void write(int n) throws Exception {
        try (PostgresConsentLog log = PostgresConsentLog.builder(url).node("web-1").open()) {
            for (int i = 1; i <= n; i++) {
                Instant t = Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i);
                log.append(new LogEntry(t, UUID.randomUUID(), "accept-all", Set.of("necessary", "analytics"),
                        Set.of(), 1, Optional.of(t.plusSeconds(60)), Optional.empty(), Optional.empty(),
                        Map.of(LogEntry.PAGE, "https://example.com/" + i)));
            }
        }
    }

    @Test
    void verify_postgresLog_isIntact() throws Exception {
        write(20);

        Result r = run("verify", url);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("result: intact\n", "records: 20\n", "node web-1: last record 20\n");
    }

    @Test
    void verify_editedRow_exitsOneNamingTheRow() throws Exception {
        write(10);
        execute(url, "UPDATE consent_log SET line = replace(line, 'accept-all', 'reject-all') WHERE seq = 5");

        Result r = run("verify", url);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("result: NOT INTACT (edited)\n",
                "problem: record 5 at consent_log row node=web-1 seq=5 was edited");
    }
}
