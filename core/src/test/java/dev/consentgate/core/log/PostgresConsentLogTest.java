package dev.consentgate.core.log;

import static dev.consentgate.core.log.LogFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.consentgate.core.log.LogFixtures.MutableClock;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs against a real PostgreSQL named by {@value #URL_VARIABLE} ({@code .ci/run} starts one); each test gets a
 * schema of its own. Without the variable the tests are skipped, except under {@code CI=true}, where they fail.
 */
class PostgresConsentLogTest {

    static final String URL_VARIABLE = "CONSENTGATE_TEST_JDBC_URL";

    private static String serverUrl;
    private String schema;
    private String url;
    private final List<PostgresConsentLog> opened = new ArrayList<>();

    @BeforeAll
    static void database() {
        serverUrl = System.getenv(URL_VARIABLE);
        if (serverUrl == null || serverUrl.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(URL_VARIABLE + " is not set: the PostgreSQL store's tests need a database under CI"
                        + " (.ci/run starts one)");
            }
            assumeTrue(false, URL_VARIABLE + " is not set: skipping the PostgreSQL store's tests");
        }
    }

    @BeforeEach
    void schema() throws SQLException {
        schema = "cg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(serverUrl, "CREATE SCHEMA " + schema);
        url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        opened.forEach(PostgresConsentLog::close);
        execute(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
    }

    private PostgresConsentLog open(String node, Optional<AuditKey> key) throws IOException {
        return keep(PostgresConsentLog.builder(url).node(node).auditKey(key).open());
    }

    private PostgresConsentLog keep(PostgresConsentLog log) {
        opened.add(log);
        return log;
    }

    private void write(String node, int n, Optional<AuditKey> key) throws IOException {
        try (PostgresConsentLog log = open(node, key)) {
            for (int i = 1; i <= n; i++) {
                log.append(entry(i));
            }
        }
    }

    private Verification verify(Optional<AuditKey> key) throws IOException {
        return ConsentLogSource.jdbc(url).verify(key);
    }

    @Test
    void append_manyThreads_everyAcknowledgedRecordIsInTheTableAndVerifies() throws Exception {
        List<ConsentRecord> acknowledged = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (PostgresConsentLog log = open("n1", Optional.of(LogFixtures.KEY))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int base = t * 100;
                futures.add(pool.submit(() -> {
                    for (int i = 1; i <= 100; i++) {
                        acknowledged.add(log.append(entry(base + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        Map<Long, String> lines = new HashMap<>();
        query("SELECT seq, line FROM consent_log WHERE node = 'n1'", rs -> lines.put(rs.getLong(1), rs.getString(2)));
        assertThat(acknowledged).hasSize(1600);
        assertThat(lines).hasSize(1600);
        for (ConsentRecord r : acknowledged) {
            assertThat(lines.get(r.seq())).isEqualTo(RecordFormat.toLine(r));
        }
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(1600);
        assertThat(v.lastSeq()).containsEntry("n1", 1600L);
    }

    @Test
    void append_row_keepsTheFileFormatLineAndQueryColumns() throws Exception {
        ConsentRecord r;
        try (PostgresConsentLog log = open("n1", Optional.empty())) {
            r = log.append(entry(4));
        }

        query("SELECT node, seq, decided_at, consent_id, line FROM consent_log", rs -> {
            assertThat(rs.getString(1)).isEqualTo("n1");
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(r.timestamp());
            assertThat(rs.getObject(4, UUID.class)).isEqualTo(r.consentId());
            assertThat(RecordFormat.parse(rs.getString(5))).isEqualTo(r);
        });
        query("SELECT seq, hash FROM consent_log_head WHERE node = 'n1'", rs -> {
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo(r.hash());
        });
    }

    @Test
    void append_twoNodesConcurrently_bothChainsVerify() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (PostgresConsentLog a = open("node-a", Optional.of(LogFixtures.KEY));
                PostgresConsentLog b = open("node-b", Optional.of(LogFixtures.KEY))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                PostgresConsentLog log = t % 2 == 0 ? a : b;
                int base = t * 100;
                futures.add(pool.submit(() -> {
                    for (int i = 1; i <= 100; i++) {
                        log.append(entry(base + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.lastSeq()).containsExactlyInAnyOrderEntriesOf(Map.of("node-a", 400L, "node-b", 400L));
    }

    @Test
    void open_again_resumesTheChainFromItsHead() throws IOException {
        write("n1", 5, Optional.of(LogFixtures.KEY));

        try (PostgresConsentLog log = open("n1", Optional.of(LogFixtures.KEY))) {
            assertThat(log.append(entry(6)).seq()).isEqualTo(6);
        }

        assertThat(verify(Optional.of(LogFixtures.KEY)).problem()).isEmpty();
    }

    @Test
    void open_sameNodeTwice_secondIsRefused() throws IOException {
        open("n1", Optional.empty());

        assertThatThrownBy(() -> open("n1", Optional.empty())).isInstanceOf(IOException.class)
                .hasMessage("consent log at " + url + ": node 'n1' is already open for writing by another process;"
                        + " give each app node its own node id");
        assertThat(open("n2", Optional.empty()).node()).isEqualTo("n2");
    }

    @Test
    void verify_updatedLine_namesTheRow() throws Exception {
        write("n1", 10, Optional.empty());
        execute(url, "UPDATE consent_log SET line = replace(line, '\"custom\"', '\"accept\"')"
                + " WHERE node = 'n1' AND seq = 5");

        Verification v = verify(Optional.empty());

        assertThat(v.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.EDITED);
            assertThat(p.node()).isEqualTo("n1");
            assertThat(p.seq()).isEqualTo(5);
            assertThat(p.location()).isEqualTo("consent_log row node=n1 seq=5");
            assertThat(p.message()).isEqualTo("record 5 at consent_log row node=n1 seq=5 was edited: its content"
                    + " does not match its hash");
        });
    }

    @Test
    void verify_deletedRow_isRemoved() throws Exception {
        write("n1", 10, Optional.empty());
        execute(url, "DELETE FROM consent_log WHERE node = 'n1' AND seq = 4");

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.REMOVED);
            assertThat(p.message()).isEqualTo("record 4 is missing before record 5 at consent_log row node=n1 seq=5");
        });
    }

    @Test
    void verify_deletedLastRows_isTruncatedByTheHead() throws Exception {
        write("n1", 10, Optional.empty());
        write("n2", 3, Optional.empty());
        execute(url, "DELETE FROM consent_log WHERE node = 'n1' AND seq > 7");

        assertThat(verify(Optional.empty()).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.TRUNCATED);
            assertThat(p.message()).isEqualTo("the log of node n1 ends at record 7 but its head names record 10:"
                    + " records 8 to 10 were cut off");
        });
        assertThatThrownBy(() -> open("n1", Optional.empty())).isInstanceOf(IOException.class)
                .hasMessage("consent log at " + url + " does not verify, refusing to write to it: the log of node n1"
                        + " ends at record 7 but its head names record 10: records 8 to 10 were cut off");
    }

    @Test
    void verify_rehashedEditWithAuditKey_isUnsigned() throws Exception {
        write("n1", 5, Optional.of(LogFixtures.KEY));
        // Someone with write access but without the key edits the last record, re-hashes it and moves the head.
        String[] line = new String[1];
        query("SELECT line FROM consent_log WHERE node = 'n1' AND seq = 5", rs -> line[0] = rs.getString(1));
        ConsentRecord r = RecordFormat.parse(line[0]);
        ConsentRecord edited = new ConsentRecord(r.seq(), r.node(), r.timestamp(), r.consentId(), "reject-all",
                List.of("necessary"), r.refused(), r.policyRevision(), r.expiresAt(), r.policyHash(), r.language(),
                r.commitments(), r.personal(), r.prev(), r.hash(), r.mac());
        String hash = RecordFormat.computeHash(edited);
        edited = new ConsentRecord(r.seq(), r.node(), r.timestamp(), r.consentId(), "reject-all",
                List.of("necessary"), r.refused(), r.policyRevision(), r.expiresAt(), r.policyHash(), r.language(),
                r.commitments(), r.personal(), r.prev(), hash, r.mac());
        update("UPDATE consent_log SET line = ? WHERE node = 'n1' AND seq = 5", RecordFormat.toLine(edited));
        update("UPDATE consent_log_head SET hash = ? WHERE node = 'n1'", hash);

        assertThat(verify(Optional.empty()).problem()).isEmpty();
        assertThat(verify(Optional.of(LogFixtures.KEY)).problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Verification.Kind.UNSIGNED);
            assertThat(p.seq()).isEqualTo(5);
            assertThat(p.location()).isEqualTo("consent_log row node=n1 seq=5");
        });
        assertThatThrownBy(() -> open("n1", Optional.of(LogFixtures.KEY))).hasMessageContaining(
                "does not verify, refusing to write to it: record 5 at consent_log row node=n1 seq=5's hash is not"
                        + " signed by the audit key");
    }

    @Test
    void verify_auditKey_signsRecordsAndHeads() throws Exception {
        write("n1", 3, Optional.of(LogFixtures.KEY));
        AuditKey other = AuditKey.of("another audit key, 32 bytes long".getBytes(StandardCharsets.US_ASCII));

        assertThat(verify(Optional.of(LogFixtures.KEY)).problem()).isEmpty();
        query("SELECT count(*) FROM consent_log WHERE line NOT LIKE '%\"mac\":%'",
                rs -> assertThat(rs.getLong(1)).isZero());
        assertThat(verify(Optional.of(other)).problem()).hasValueSatisfying(
                p -> assertThat(p.kind()).isEqualTo(Verification.Kind.UNSIGNED));
        execute(url, "UPDATE consent_log_head SET mac = NULL");
        assertThat(verify(Optional.of(LogFixtures.KEY)).problem()).hasValueSatisfying(
                p -> assertThat(p.message()).isEqualTo("the head of node n1 is not signed by the audit key"));
    }

    @Test
    void append_afterConnectionKilled_reconnectsAndContinuesTheChain() throws Exception {
        try (PostgresConsentLog log = open("n1", Optional.empty())) {
            log.append(entry(1));
            log.append(entry(2));
            assertThat(terminate("n1")).isEqualTo(1);

            assertThat(log.append(entry(3)).seq()).isEqualTo(3);
        }

        Verification v = verify(Optional.empty());
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(3);
    }

    @Test
    void append_storeDown_throwsAndWorksAgainOnceItIsBack() throws Exception {
        boolean[] down = new boolean[1];
        DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection") || args != null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (down[0]) {
                        throw new SQLException("Connection to 127.0.0.1:55432 refused", "08001");
                    }
                    return DriverManager.getConnection(url);
                });
        try (PostgresConsentLog log = keep(PostgresConsentLog.builder(dataSource).node("n1").open())) {
            log.append(entry(1));
            log.append(entry(2));
            down[0] = true;
            terminate("n1");

            assertThatThrownBy(() -> log.append(entry(3))).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot connect to data source ")
                    .hasMessageEndingWith(": Connection to 127.0.0.1:55432 refused");
            assertThatThrownBy(() -> log.append(entry(4))).isInstanceOf(IOException.class);

            down[0] = false;
            assertThat(log.append(entry(5)).seq()).isEqualTo(3);
        }

        Verification v = verify(Optional.empty());
        assertThat(v.problem()).isEmpty();
        assertThat(v.records()).isEqualTo(3);
    }

    @Test
    void retention_oldRowsDeleted_restVerifiesFromCheckpoint() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00Z"));
        try (PostgresConsentLog log = retainingThreeDays("n1", clock)) {
            threeADay(log, clock, 0, 6);
        }

        query("SELECT min(seq), max(seq), count(*) FROM consent_log", rs -> {
            assertThat(rs.getLong(1)).isEqualTo(7);
            assertThat(rs.getLong(2)).isEqualTo(18);
            assertThat(rs.getLong(3)).isEqualTo(12);
        });
        query("SELECT seq FROM consent_log_checkpoint WHERE node = 'n1'", rs -> assertThat(rs.getLong(1)).isEqualTo(6));
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).contains("n1 verifies from the checkpoint at record 6"));
    }

    @Test
    void retention_nodeThatStoppedWriting_isPurgedByTheOthersAndItsChainStillVerifies() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00Z"));
        // n2 writes for two days and is then gone for good (a replaced pod): its records must not outlive retention.
        try (PostgresConsentLog gone = retainingThreeDays("n2", clock)) {
            threeADay(gone, clock, 100, 2);
        }
        try (PostgresConsentLog log = retainingThreeDays("n1", clock)) {
            for (int day = 2; day < 6; day++) {
                log.append(entry(day * 10, clock.instant()));
                clock.advanceDays(1);
            }
            log.append(entry(99, clock.instant()));
        }

        // Day 6: everything decided before day 3 goes, but a chain keeps its last record for its head to name.
        query("SELECT count(*), min(seq), max(seq) FROM consent_log WHERE node = 'n2'", rs -> {
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getLong(2)).isEqualTo(6);
        });
        query("SELECT seq FROM consent_log_checkpoint WHERE node = 'n2'", rs -> assertThat(rs.getLong(1)).isEqualTo(5));
        query("SELECT seq FROM consent_log_checkpoint WHERE node = 'n1'", rs -> assertThat(rs.getLong(1)).isEqualTo(1));
        Verification v = verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).contains("n2 verifies from the checkpoint at record 5"));
    }

    /** A node's log on {@code clock} that keeps three days, with the audit key. */
    private PostgresConsentLog retainingThreeDays(String node, MutableClock clock) throws IOException {
        return keep(PostgresConsentLog.builder(url).node(node).clock(clock).auditKey(Optional.of(LogFixtures.KEY))
                .retentionDays(3).open());
    }

    /** Three decisions a day for {@code days} days, a second apart, ids from {@code firstId} (+10 a day). */
    private static void threeADay(PostgresConsentLog log, MutableClock clock, int firstId, int days)
            throws IOException {
        for (int day = 0; day < days; day++) {
            for (int i = 0; i < 3; i++) {
                log.append(entry(firstId + day * 10 + i, clock.instant().plusSeconds(i)));
            }
            clock.advanceDays(1);
        }
    }

    @Test
    void source_schemaWithoutTables_holdsNoConsentLog() {
        assertThatThrownBy(() -> ConsentLogSource.open(url)).isInstanceOf(IOException.class)
                .hasMessage(url + " holds no consent log: there is no table consent_log in schema " + schema);
    }

    @Test
    void source_open_readsTheTablesInOrder() throws Exception {
        write("b", 2, Optional.empty());
        write("a", 2, Optional.empty());
        List<String> locations = new ArrayList<>();

        ConsentLogSource source = ConsentLogSource.open(url);
        source.scan((location, line) -> locations.add(location));

        assertThat(locations).containsExactly("consent_log row node=a seq=1", "consent_log row node=a seq=2",
                "consent_log row node=b seq=1", "consent_log row node=b seq=2");
        assertThat(source.heads()).containsOnlyKeys("a", "b");
        assertThat(source.checkpoints()).isEmpty();
    }

    @Test
    void builder_badSettings_failWithTheirName() {
        assertThatThrownBy(() -> PostgresConsentLog.builder(url).maxBatch(0))
                .hasMessage("maxBatch must be between 1 and 4096, got 0");
        assertThatThrownBy(() -> PostgresConsentLog.builder(url).node("a b"))
                .hasMessage("node id must match [A-Za-z0-9_.-]{1,64}, got 'a b'");
        assertThatThrownBy(() -> PostgresConsentLog.builder("postgres://h/db"))
                .hasMessage("not a JDBC URL: postgres://h/db");
    }

    // ---- database helpers ------------------------------------------------------------------------------------

    /** Kills the writer's session of {@code node}, as a server restart or a network cut would. */
    private int terminate(String node) throws Exception {
        int[] n = new int[1];
        query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'consentgate-log:"
                + node + "'", rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws Exception;
    }

    private void query(String sql, Row row) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    private void update(String sql, String value) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void redact_consentId_erasesItsPersonalFieldsAndLogStillVerifies() throws Exception {
        java.util.UUID third;
        try (PostgresConsentLog log = PostgresConsentLog.builder(url).auditKey(Optional.of(LogFixtures.KEY)).open()) {
            for (int i = 1; i <= 5; i++) {
                log.append(entry(i));
            }
            third = entry(3).consentId();

            assertThat(log.redact(third, java.util.Set.of(LogEntry.IP))).isEqualTo(1);
        }

        Verification v = ConsentLogSource.jdbc(url).verify(Optional.of(LogFixtures.KEY));
        assertThat(v.problem()).isEmpty();
        assertThat(v.redacted()).isEqualTo(1);
        StringBuilder lines = new StringBuilder();
        ConsentLogSource.jdbc(url).scan((location, line) -> lines.append(line).append('\n'));
        assertThat(lines.toString().lines().filter(l -> l.contains(third.toString())))
                .singleElement().satisfies(l -> assertThat(l).doesNotContain("203.0.113.0").contains("page"));
    }
}
