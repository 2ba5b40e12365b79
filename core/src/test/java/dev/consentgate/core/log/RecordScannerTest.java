package dev.consentgate.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The scanner is verify's fast path: it must never accept a line the strict Jackson path refuses, nor read
 * different values from one. Random records check the first half, random edits of their lines the second.
 */
class RecordScannerTest {

    private static final boolean LONG = Boolean.getBoolean("consentgate.long");

    // ---- random valid records: the scanner reads what the strict path reads ----

    @Property(tries = 500)
    void scan_writtenRecord_readsWhatTheStrictPathReads(@ForAll("records") ConsentRecord r) throws Exception {
        String line = RecordFormat.toLine(r);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

        ConsentRecord strict = RecordParser.strict(bytes);
        RecordScanner.Scanned fast = RecordScanner.scan(bytes);

        assertThat(strict).isEqualTo(r);
        if (fast != null) {
            assertThat(fast.record()).isEqualTo(strict);
            assertThat(fast.hashMatches()).isTrue();
        }
        if (plain(r, line)) {
            assertThat(fast).as("the writer's layout without escapes is read by the fast path: %s", line).isNotNull();
        }
    }

    // ---- random edits of valid lines: the scanner declines, or agrees with the strict path ----

    @Property(tries = 1_000)
    void scan_editedLine_declinesOrAgreesWithTheStrictPath(@ForAll("editable") ConsentRecord r,
            @ForAll("edits") List<Edit> edits) {
        checkEdited(r, edits);
    }

    @Property(tries = 200_000)
    @AddLifecycleHook(OnlyWhenLong.class)
    void scan_editedLine_long(@ForAll("editable") ConsentRecord r, @ForAll("edits") List<Edit> edits) {
        checkEdited(r, edits);
    }

    @Property(tries = 500)
    void scan_bytesEdited_declinesOrAgreesWithTheStrictPath(@ForAll("editable") ConsentRecord r,
            @ForAll("byteEdits") List<int[]> edits) {
        // Below the String level: bytes that are not UTF-8, as a reader that does not decode might pass them.
        byte[] bytes = RecordFormat.toLine(r).getBytes(StandardCharsets.UTF_8);
        for (int[] e : edits) {
            int at = Math.floorMod(e[0], bytes.length + 1);
            byte[] out = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, out, 0, at);
            out[at] = (byte) e[1];
            System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
            bytes = e[2] == 0 ? out : replaced(bytes, at, (byte) e[1]);
        }
        agree(bytes, null);
        // verify hands a file's bytes over undecoded: same verdict as for the line the reader would decode
        ChainVerifier.Inspected raw = ChainVerifier.inspect("f:1", bytes, Optional.of(LogFixtures.KEY));
        ChainVerifier.Inspected decoded = ChainVerifier.inspect("f:1",
                new String(bytes, StandardCharsets.UTF_8), Optional.of(LogFixtures.KEY));
        assertThat(raw).isEqualTo(decoded);
    }

    private static byte[] replaced(byte[] bytes, int at, byte value) {
        byte[] out = bytes.clone();
        if (at < out.length) {
            out[at] = value;
        }
        return out;
    }

    private static void checkEdited(ConsentRecord r, List<Edit> edits) {
        String line = RecordFormat.toLine(r);
        for (Edit e : edits) {
            line = e.apply(line);
        }
        boolean read = agree(line.getBytes(StandardCharsets.UTF_8), line);
        // Not vacuous: edits of values keep the layout, so a good share of edited lines is read, not declined.
        Statistics.label("scanner").collect(read ? "read" : "declined");
        Statistics.label("scanner").coverage(c -> c.check("read").percentage(p -> p > 5));
    }

    /** Where the scanner reads a line, the strict path reads the same record and the same hash verdict. */
    private static boolean agree(byte[] bytes, String line) {
        RecordScanner.Scanned fast = RecordScanner.scan(bytes);
        if (fast == null) {
            return false;
        }
        ConsentRecord strict;
        try {
            strict = RecordParser.strict(bytes);
        } catch (MalformedRecordException e) {
            throw new AssertionError("scanner accepted a line the strict path refuses (" + e.getMessage() + "): "
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
        assertThat(fast.record()).isEqualTo(strict);
        if (line != null) {
            assertThat(fast.hashMatches()).isEqualTo(RecordFormat.hashOfLine(line).orElse("").equals(strict.hash()));
        }
        return true;
    }

    /** One edit of a line's text. */
    record Edit(int kind, int at, int length, String text) {
        String apply(String line) {
            int from = Math.floorMod(at, line.length() + 1);
            int to = Math.min(line.length(), from + length);
            return switch (kind) {
                case 0 -> line.substring(0, from) + text + line.substring(from); // insert
                case 1 -> line.substring(0, from) + line.substring(to); // delete
                case 2 -> line.substring(0, from) + text + line.substring(to); // replace
                case 3 -> line.substring(0, from); // truncate
                case 4 -> line + line.substring(from, to); // repeat a piece at the end (duplicate members)
                case 5 -> { // repeat the piece between two commas in place: a duplicate member or array element
                    int a = line.indexOf(',', from);
                    int z = a < 0 ? -1 : line.indexOf(',', a + 1);
                    yield z < 0 ? line : line.substring(0, z) + line.substring(a, z) + line.substring(z);
                }
                case 6 -> { // a leading zero, sign or exponent on the next number
                    int i = line.indexOf("\":", from);
                    yield i < 0 || i + 2 == line.length() || !Character.isDigit(line.charAt(i + 2)) ? line
                            : line.substring(0, i + 2) + List.of("0", "00", "-", "-0", "1", "+").get(length % 6)
                                    + line.substring(i + 2);
                }
                default -> { // change a letter or digit, which mostly keeps the layout: values, numbers, hex
                    int i = from;
                    while (i < line.length() && !Character.isLetterOrDigit(line.charAt(i))) {
                        i++;
                    }
                    String with = "0123456789abcdefABCDEFxyz-é";
                    yield i == line.length() ? line
                            : line.substring(0, i) + with.charAt(length % with.length()) + line.substring(i + 1);
                }
            };
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> snippets = Arbitraries.oneOf(
                Arbitraries.of(" ", "\t", "\r", "\n", "\\", "\"", "\\\"", "\\u0061", "\\n", ",", ":", "{", "}", "[",
                        "]", "0", "00", "-", "-0", "1", "9", "e5", "E-1", ".0", "1e2", "9999999999",
                        "99999999999999999999", "null", "true", "\"x\"", ",\"action\":\"x\"", ",\"seq\":2",
                        ",\"mac\":\"" + "a".repeat(64) + "\"", ",\"note\":1",
                        "\uFFFD", "é", "😀", "\ud83d", "\u0000", "\u001f", "\u007f",
                        "A", "F", "g", "\"v\":1,\"hash\":\"", "\uFEFF", "/*c*/"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(4));
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 6)),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(7)));
        Arbitrary<Edit> edit = Combinators.combine(kind,
                Arbitraries.integers().between(0, 2_000), Arbitraries.integers().between(0, 80), snippets)
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(2);
    }

    @Provide
    Arbitrary<List<int[]>> byteEdits() {
        return Combinators.combine(Arbitraries.integers().between(0, 2_000),
                Arbitraries.of(0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf8, 0xff, 0x00, 0x1f, (int) '"',
                        (int) '\\', (int) ' ', (int) '}', (int) 'x'),
                Arbitraries.integers().between(0, 1))
                .as((at, value, insert) -> new int[] {at, value, insert}).list().ofMinSize(1).ofMaxSize(3);
    }

    // ---- the generator ----

    /** Records with anything the format allows. */
    @Provide
    Arbitrary<ConsentRecord> records() {
        return records(texts(), instants(), Arbitraries.oneOf(Arbitraries.integers().between(0, 20),
                Arbitraries.integers()), Arbitraries.oneOf(Arbitraries.longs().between(1, 1_000),
                Arbitraries.longs().between(1, Long.MAX_VALUE)));
    }

    /** Records as a site writes them (the fast path's), and sometimes anything, to edit. */
    @Provide
    Arbitrary<ConsentRecord> editable() {
        Arbitrary<String> text = Arbitraries.oneOf(plainTexts(), Arbitraries.of("Zürich", "😀"));
        Arbitrary<ConsentRecord> usual = records(text, Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L)
                .map(Instant::ofEpochSecond), Arbitraries.integers().between(0, 20), Arbitraries.longs().between(1,
                1_000_000));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, usual), net.jqwik.api.Tuple.of(1, records()));
    }

    private static Arbitrary<ConsentRecord> records(Arbitrary<String> text, Arbitrary<Instant> instant,
            Arbitrary<Integer> revision, Arbitrary<Long> seq) {
        Arbitrary<List<String>> categories = text.set().ofMaxSize(4).map(s -> List.copyOf(new java.util.TreeSet<>(s)));
        Arbitrary<String> hex = Arbitraries.oneOf(Arbitraries.just(ConsentRecord.GENESIS),
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> HexFormat.of().formatHex(b)));
        Arbitrary<Map<String, ConsentRecord.PersonalField>> personal = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of(LogEntry.PAGE, LogEntry.IP, LogEntry.BROWSER), text),
                Combinators.combine(text, text).as(ConsentRecord.PersonalField::new)).ofMaxSize(3);
        Arbitrary<Map<String, String>> moreCommitments = Arbitraries.maps(text, hex).ofMaxSize(2);

        Arbitrary<Object[]> what = Combinators.combine(instant, Arbitraries.longs(), Arbitraries.longs(), text,
                categories, categories, revision, instant.optional())
                .as((t, hi, lo, action, granted, refused, rev, expires) -> new Object[] {t, new UUID(hi, lo), action,
                    granted, refused, rev, expires});
        Arbitrary<Object[]> where = Combinators.combine(text.optional(), text.optional(), personal, moreCommitments,
                text, seq, hex, Arbitraries.of(true, false))
                .as((policyHash, language, pers, more, node, sq, prev, signed) -> new Object[] {policyHash, language,
                    pers, more, node, sq, prev, signed});
        return Combinators.combine(what, where, Arbitraries.integers().between(0, 3)).as(RecordScannerTest::record);
    }

    @SuppressWarnings("unchecked")
    private static ConsentRecord record(Object[] what, Object[] where, int redact) {
        Map<String, ConsentRecord.PersonalField> personal = new TreeMap<>(
                (Map<String, ConsentRecord.PersonalField>) where[2]);
        Map<String, String> commitments = new TreeMap<>((Map<String, String>) where[3]);
        personal.forEach((name, field) -> commitments.put(name, RecordFormat.commitment(salted(field))));
        // Personal fields whose salt is not base64 cannot have a real commitment; the parsers do not care.
        ConsentRecord unsealed = new ConsentRecord((Long) where[5], (String) where[4], (Instant) what[0],
                (UUID) what[1], (String) what[2], (List<String>) what[3], (List<String>) what[4], (Integer) what[5],
                (Optional<Instant>) what[6], (Optional<String>) where[0], (Optional<String>) where[1], commitments,
                personal, (String) where[6], ConsentRecord.GENESIS, Optional.empty());
        String hash = RecordFormat.computeHash(unsealed);
        Optional<String> mac = (Boolean) where[7] ? Optional.of(LogFixtures.KEY.sign(hash)) : Optional.empty();
        ConsentRecord r = new ConsentRecord(unsealed.seq(), unsealed.node(), unsealed.timestamp(),
                unsealed.consentId(), unsealed.action(), unsealed.granted(), unsealed.refused(),
                unsealed.policyRevision(), unsealed.expiresAt(), unsealed.policyHash(), unsealed.language(),
                commitments, personal, unsealed.prev(), hash, mac);
        List<String> names = new ArrayList<>(personal.keySet());
        return redact < names.size() ? r.redact(names.get(redact)) : r;
    }

    private static ConsentRecord.PersonalField salted(ConsentRecord.PersonalField f) {
        return new ConsentRecord.PersonalField(f.value(), "c2FsdA");
    }

    /** Mostly the plain text real records hold, sometimes everything a JSON string can carry. */
    private static Arbitrary<String> texts() {
        Arbitrary<String> plain = plainTexts();
        // No lone surrogates: the writer escapes them, but Jackson refuses such escapes (a separate matter).
        Arbitrary<String> any = Arbitraries.strings().withCharRange(' ', '~')
                .withChars("\"\\\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080éß€\u2028\uFFFD\uFEFF")
                .ofMaxLength(12).map(s -> s.replace("~", "😀"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, plain), net.jqwik.api.Tuple.of(1, any),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "😀", "é", "Zürich", "日本")));
    }

    private static Arbitrary<String> plainTexts() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_./:?=&%").ofMaxLength(24);
    }

    private static Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L),
                Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L), // years 1 to 9999
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /**
     * Whether the scanner must read the line: nothing escaped, no U+FFFD, numbers of at most 9 (an int) or 18 (a
     * long) digits, instants in {@code Instant.toString}'s four-digit-year shape. The rest it may decline.
     */
    private static boolean plain(ConsentRecord r, String line) {
        return line.indexOf('\\') < 0 && line.indexOf('\uFFFD') < 0 && line.length() <= RecordScanner.MAX_LINE
                && r.policyRevision() >= 0 && r.policyRevision() < 1_000_000_000 && r.seq() < 1_000_000_000_000_000_000L
                && RecordParser.fastInstant(r.timestamp().toString()) != null
                && r.expiresAt().map(e -> RecordParser.fastInstant(e.toString()) != null).orElse(true);
    }

    /** Runs a property only under {@code -Plong}. */
    static final class OnlyWhenLong implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return LONG ? SkipResult.doNotSkip() : SkipResult.skip("long budget: run with -Plong");
        }
    }

    // ---- targeted: each is valid JSON the writer never writes, or not valid; the strict path decides ----

    private static String line() {
        return RecordFormat.toLine(Chain.start("node-1", Optional.of(LogFixtures.KEY)).append(LogFixtures.entry(4)));
    }

    @Example
    void scan_writersLine_isReadByTheFastPath() throws Exception {
        String line = line();
        RecordScanner.Scanned fast = RecordScanner.scan(line.getBytes(StandardCharsets.UTF_8));

        assertThat(fast).isNotNull();
        assertThat(fast.record()).isEqualTo(RecordParser.strict(line.getBytes(StandardCharsets.UTF_8)));
        assertThat(fast.hashMatches()).isTrue();
    }

    @Example
    void scan_unicodeValues_areReadByTheFastPath() throws Exception {
        LogEntry e = new LogEntry(Instant.parse("2026-11-25T10:00:00Z"), UUID.randomUUID(), "custom",
                Set.of("necessary"), Set.of(), 3, Optional.empty(), Optional.empty(), Optional.of("zh-Hant-日本"),
                Map.of(LogEntry.PAGE, "https://例え.jp/ページ?q=😀"));
        String line = RecordFormat.toLine(Chain.start("n", Optional.empty()).append(e));

        RecordScanner.Scanned fast = RecordScanner.scan(line.getBytes(StandardCharsets.UTF_8));

        assertThat(fast).isNotNull();
        assertThat(fast.record().language()).hasValue("zh-Hant-日本");
        assertThat(fast.record().personal().get(LogEntry.PAGE).value()).isEqualTo("https://例え.jp/ページ?q=😀");
        assertThat(fast.hashMatches()).isTrue();
    }

    @Example
    void scan_editedHashedPart_isReadButItsHashDoesNotMatch() {
        String line = line().replace("\"action\":\"custom\"", "\"action\":\"accept\"");

        RecordScanner.Scanned fast = RecordScanner.scan(line.getBytes(StandardCharsets.UTF_8));

        assertThat(fast).isNotNull();
        assertThat(fast.hashMatches()).isFalse();
    }

    /** Valid JSON for the strict path, never written by the writer: declined, and the strict path reads it. */
    @Example
    void scan_otherValidLayouts_areDeclinedAndLeftToTheStrictPath() throws Exception {
        String line = line();
        List<String> variants = List.of(
                line.replace("\"action\":\"custom\"", "\"action\" : \"custom\""), // whitespace
                line.replace("\"action\":\"custom\"", "\"action\":\"cust\\u006fm\""), // escape in a value
                line.replace("\"action\":", "\"\\u0061ction\":"), // escape in a name
                line + " ", // trailing whitespace
                line + "\r", // CRLF files
                "\uFEFF" + line, // byte order mark
                moveToEnd(line, ",\"node\":\"node-1\""), // members out of order
                line.replace("\"commitments\":{\"ip\":", "\"commitments\":{\"zz\":\"" + "0".repeat(64)
                        + "\",\"ip\":")); // commitment names out of order
        for (String v : variants) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            ConsentRecord strict = RecordParser.strict(bytes);
            assertThat(v).isNotEqualTo(line);
            assertThat(RecordScanner.scan(bytes)).as(v).isNull();
            assertThat(RecordFormat.parse(v)).isEqualTo(strict);
        }
    }

    /** Not a record: declined by the scanner, and the strict path's message is the one the user sees. */
    @Example
    void parse_malformedLines_keepTheStrictPathsMessages() {
        String line = line();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(line.replace("\"policyRevision\":3", "\"policyRevision\":03"), "not a JSON object");
        cases.put(line.replace("\"policyRevision\":3", "\"policyRevision\":3e0"),
                "field 'policyRevision' must be an integer");
        cases.put(line.replace("\"policyRevision\":3", "\"policyRevision\":3.0"),
                "field 'policyRevision' must be an integer");
        cases.put(line.replace("\"policyRevision\":3", "\"policyRevision\":9999999999"),
                "field 'policyRevision' must be an integer");
        cases.put(line.replace("\"seq\":1", "\"seq\":0"), "field 'seq' must be a positive integer");
        cases.put(line.replace("\"seq\":1", "\"seq\":-1"), "field 'seq' must be a positive integer");
        cases.put(line.replace("\"seq\":1", "\"seq\":1e3"), "field 'seq' must be a positive integer");
        cases.put(line.replace("\"seq\":1", "\"seq\":99999999999999999999"), "field 'seq' must be a positive integer");
        cases.put(line.replace("\"action\":\"custom\",", "\"action\":\"custom\",\"action\":\"custom\","),
                "duplicate field");
        cases.put(line.substring(0, line.length() - 1) + ",\"action\":\"accept-all\"}", "duplicate field");
        cases.put(line.replace("\"commitments\":{\"ip\":", "\"commitments\":{\"page\":\"" + "0".repeat(64)
                + "\",\"ip\":"), "duplicate field");
        cases.put(line.replace("\"v\":1", "\"v\":2"), "field 'v' must be 1");
        cases.put(line.replace("\"prev\":\"0", "\"prev\":\"A"), "field 'prev' must be 64 lower-case hex digits");
        cases.put(line.replace("\"action\":\"custom\"", "\"action\":\"cus\ttom\""), "not a JSON object");
        cases.put(line.replace("\"granted\":[", "\"granted\":[1,"), "field 'granted' must be an array of strings");
        cases.put(line.replace("\"timestamp\":\"2026-11-25T10:00:04Z\"", "\"timestamp\":\"2026-02-30T10:00:04Z\""),
                "field 'timestamp' must be an ISO-8601 instant");
        cases.put(line.replace("\"consentId\":\"", "\"consentId\":\"x"), "field 'consentId' must be a UUID");
        cases.put(line.replace(",\"commitments\":{\"ip\":\"" + commitment(line, "ip") + "\",", ",\"commitments\":{"),
                "personal field 'ip' has no commitment");
        cases.put(line.substring(0, line.length() - 1), "not a JSON object");
        cases.put(line + "}", "not a JSON object");
        cases.put(line.substring(0, line.length() - 1) + ",\"note\":\"x\"}", "unknown field 'note'");
        cases.forEach((bad, message) -> {
            assertThat(bad).isNotEqualTo(line);
            assertThat(RecordScanner.scan(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isNull();
            assertThatThrownBy(() -> RecordFormat.parse(bad)).as(bad).hasMessage(message);
        });
    }

    @Example
    void scan_overlongLine_isLeftToTheStrictPath() throws Exception {
        LogEntry e = new LogEntry(Instant.parse("2026-11-25T10:00:00Z"), UUID.randomUUID(), "custom",
                Set.of("necessary"), Set.of(), 3, Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(LogEntry.PAGE, "https://example.com/" + "a".repeat(RecordScanner.MAX_LINE)));
        String line = RecordFormat.toLine(Chain.start("n", Optional.empty()).append(e));

        assertThat(RecordScanner.scan(line.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(RecordFormat.parse(line).personal()).containsKey(LogEntry.PAGE);
    }

    private static String moveToEnd(String line, String member) {
        assertThat(line).contains(member);
        String without = line.replace(member, "");
        return without.substring(0, without.length() - 1) + member + "}";
    }

    private static String commitment(String line, String name) {
        int at = line.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return line.substring(at, at + 64);
    }
}
