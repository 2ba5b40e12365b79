package dev.consentgate.core.log;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks consent log records in chain order and finds the first that was edited, removed, inserted, reordered or
 * cut off. Records of several nodes may be interleaved; each node's chain is checked on its own.
 *
 * <p>Feed every line with {@link #accept(String, String)}, then call {@link #finish(Map)} with the heads. Memory
 * stays constant in the log's length. Not thread-safe.
 */
public final class ChainVerifier {

    private static final int RECENT = 64;

    private final Optional<AuditKey> key;
    private final Map<String, ChainHead> checkpoints;
    private final boolean partial;
    private final Map<String, NodeState> nodes = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private long records;
    private long redacted;
    private Verification.Problem problem;

    /**
     * @param key         the audit key, to check each record's MAC; without it MACs are not checked
     * @param checkpoints per node, the last record removed by retention, from which the chain may start
     * @param partial     whether the records are only part of a log (one segment), whose chains may start anywhere
     */
    public ChainVerifier(Optional<AuditKey> key, Map<String, ChainHead> checkpoints, boolean partial) {
        this.key = requireNonNull(key, "key");
        this.checkpoints = Map.copyOf(checkpoints);
        this.partial = partial;
        if (partial) {
            notes.add("only part of the log was given: each chain is checked from its first record here, and the"
                    + " records before it and the head are not");
        }
        if (key.isEmpty()) {
            notes.add("no audit key given: record and head MACs were not checked");
        }
    }

    private static final class NodeState {
        long expected;
        String lastHash;
        String lastLocation;
        long gapExpected = -1;
        long gapSeq;
        String gapLocation;
        final Map<Long, String[]> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String[]> eldest) {
                return size() > RECENT;
            }
        };
    }

    /** Whether a problem was found already (the rest is then only counted). */
    public boolean failed() {
        return problem != null;
    }

    /** Checks one line found at {@code location} ({@code file:line}). */
    public void accept(String location, String line) {
        records++;
        if (problem == null) {
            link(inspect(location, line, key));
        }
    }

    /**
     * A record whose own content was checked, or the problem found in it; {@code redacted} is worked out here too,
     * off the thread that links records in order.
     */
    record Inspected(String location, ConsentRecord record, Verification.Problem problem, boolean redacted) {
    }

    /**
     * Everything about one line that does not depend on the others: it parses, its hash matches its bytes, its MAC
     * and its commitments match. Pure, so lines can be inspected in parallel and linked in order.
     */
    static Inspected inspect(String location, String line, Optional<AuditKey> key) {
        RecordScanner.Scanned fast = RecordScanner.scan(line.getBytes(StandardCharsets.UTF_8));
        return fast != null ? checked(location, fast.record(), fast.hashMatches(), key) : strictly(location, line, key);
    }

    /**
     * The same for a line as the file holds it, before decoding: the scanner reads it in place (it accepts only
     * well-formed UTF-8, whose bytes are exactly those of the decoded text), and only a line it leaves to the strict
     * path is decoded, as {@link FileLogSource#scan} would have.
     */
    static Inspected inspect(String location, byte[] line, Optional<AuditKey> key) {
        RecordScanner.Scanned fast = RecordScanner.scan(line);
        return fast != null ? checked(location, fast.record(), fast.hashMatches(), key)
                : strictly(location, new String(line, StandardCharsets.UTF_8), key);
    }

    /** A line the scanner left to Jackson: any JSON layout, and the precise message for what is not a record. */
    private static Inspected strictly(String location, String line, Optional<AuditKey> key) {
        ConsentRecord r;
        try {
            r = RecordParser.strict(line.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedRecordException e) {
            // Readers decode bytes that are not UTF-8 as U+FFFD; a record that parses may hold one legitimately.
            String why = line.indexOf('\uFFFD') >= 0 ? "not UTF-8 text" : e.getMessage();
            return new Inspected(location, null, new Verification.Problem(Verification.Kind.MALFORMED, "?", 0,
                    location, "line " + location + " is not a consent record: " + why), false);
        }
        return checked(location, r, RecordFormat.hashOfLine(line).orElse("").equals(r.hash()), key);
    }

    private static Inspected checked(String location, ConsentRecord r, boolean hashMatches, Optional<AuditKey> key) {
        if (!hashMatches) {
            return problem(Verification.Kind.EDITED, r, location, at(r, location)
                    + " was edited: its content does not match its hash");
        }
        if (key.isPresent() && (r.mac().isEmpty() || !key.get().verify(r.hash(), r.mac().get()))) {
            return problem(Verification.Kind.UNSIGNED, r, location, at(r, location) + (r.mac().isEmpty()
                    ? " carries no audit MAC" : "'s hash is not signed by the audit key")
                    + ": it was edited and re-hashed, or written without the key");
        }
        for (Map.Entry<String, ConsentRecord.PersonalField> e : r.personal().entrySet()) {
            String commitment = r.commitments().get(e.getKey());
            boolean matches;
            try {
                matches = commitment != null && RecordFormat.commitment(e.getValue()).equals(commitment);
            } catch (IllegalArgumentException badSalt) {
                matches = false;
            }
            if (!matches) {
                return problem(Verification.Kind.EDITED, r, location, at(r, location) + " was edited: its personal field '"
                        + e.getKey() + "' does not match its commitment");
            }
        }
        return new Inspected(location, r, null, r.isRedacted());
    }

    /** Only built for a problem: verify's hot path makes no message text. */
    private static String at(ConsentRecord r, String location) {
        return "record " + r.seq() + " at " + location;
    }

    private static Inspected problem(Verification.Kind kind, ConsentRecord r, String location, String message) {
        return new Inspected(location, r, new Verification.Problem(kind, r.node(), r.seq(), location, message), false);
    }

    /** Counts and links a line inspected elsewhere (in parallel), in log order. */
    void accept(Inspected inspected) {
        records++;
        link(inspected);
    }

    /** Counts lines not inspected because a problem was found before them. */
    void skip(long lines) {
        records += lines;
    }

    /** Links an inspected record into its node's chain; the caller counted it. */
    private void link(Inspected inspected) {
        if (problem != null) {
            return;
        }
        if (inspected.problem() != null) {
            problem = inspected.problem();
            return;
        }
        ConsentRecord r = inspected.record();
        String location = inspected.location();
        if (inspected.redacted()) {
            redacted++;
        }
        NodeState st = nodes.get(r.node());
        if (st == null) {
            st = new NodeState();
            nodes.put(r.node(), st);
            if (!start(location, r)) {
                return;
            }
        } else if (st.gapExpected >= 0) {
            if (r.seq() == st.gapExpected) {
                fail(Verification.Kind.REORDERED, r.node(), st.gapSeq, st.gapLocation, "record " + st.gapSeq
                        + " at " + st.gapLocation + " is out of order: record " + r.seq() + " at " + location
                        + " comes after it");
            } else {
                removed(r.node(), st);
            }
            return;
        } else if (r.seq() == st.expected) {
            if (!r.prev().equals(st.lastHash)) {
                fail(Verification.Kind.INSERTED, r.node(), r.seq(), location, "record " + r.seq() + " at "
                        + location + " does not chain on record " + (r.seq() - 1) + " at " + st.lastLocation
                        + ": one of them was inserted or replaced");
                return;
            }
        } else if (r.seq() > st.expected) {
            st.gapExpected = st.expected;
            st.gapSeq = r.seq();
            st.gapLocation = location;
        } else {
            String[] before = st.recent.get(r.seq() - 1);
            String[] same = st.recent.get(r.seq());
            if (before != null && same != null && before[0].equals(r.prev())) {
                fail(Verification.Kind.INSERTED, r.node(), r.seq(), same[1], "record " + r.seq() + " at " + same[1]
                        + " was inserted: record " + r.seq() + " at " + location + " is the one that chains on record "
                        + (r.seq() - 1));
            } else {
                fail(Verification.Kind.REORDERED, r.node(), r.seq(), location, "record " + r.seq() + " at "
                        + location + " is out of order: it comes after record " + (st.expected - 1));
            }
            return;
        }
        st.expected = r.seq() + 1;
        st.lastHash = r.hash();
        st.lastLocation = location;
        st.recent.put(r.seq(), new String[] {r.hash(), location});
    }

    /** The first record of a node's chain: from genesis, or from a checkpoint left by retention. */
    private boolean start(String location, ConsentRecord r) {
        NodeState st = nodes.get(r.node());
        ChainHead cp = checkpoints.get(r.node());
        boolean fromGenesis = r.seq() == 1 && r.prev().equals(ConsentRecord.GENESIS);
        boolean fromCheckpoint = cp != null && r.seq() == cp.seq() + 1 && r.prev().equals(cp.hash());
        if (partial && !fromGenesis) {
            st.expected = r.seq();
            st.lastHash = r.prev();
            st.lastLocation = "the start of the given part";
            return true;
        }
        if (fromCheckpoint && key.isPresent() && (cp.mac().isEmpty()
                || !key.get().verify(cp.signedText(), cp.mac().get()))) {
            fail(Verification.Kind.UNSIGNED, r.node(), cp.seq(), "checkpoint", "the checkpoint of node " + r.node()
                    + " is not signed by the audit key");
            return false;
        }
        if (!fromGenesis && !fromCheckpoint) {
            String why = r.seq() > 1 ? "records 1 to " + (r.seq() - 1) + " are missing"
                    : "it does not start from the genesis hash";
            fail(r.seq() > 1 ? Verification.Kind.REMOVED : Verification.Kind.INSERTED, r.node(), r.seq(), location,
                    "the chain of node " + r.node() + " starts at record " + r.seq() + " at " + location + ": " + why
                            + (cp == null ? "" : " (the checkpoint is at record " + cp.seq() + ")"));
            return false;
        }
        if (fromCheckpoint) {
            notes.add("node " + r.node() + " verifies from the checkpoint at record " + cp.seq()
                    + " (older records were removed by retention)");
        }
        st.expected = r.seq();
        st.lastHash = r.prev();
        st.lastLocation = fromCheckpoint ? "checkpoint" : "genesis";
        return true;
    }

    private void removed(String node, NodeState st) {
        long first = st.gapExpected;
        long last = st.gapSeq - 1;
        fail(Verification.Kind.REMOVED, node, first, st.gapLocation, (first == last ? "record " + first + " is"
                : "records " + first + " to " + last + " are") + " missing before record " + st.gapSeq + " at "
                + st.gapLocation);
    }

    /**
     * The verdict, given each node's head ({@code seq} 0 when no head is kept).
     */
    public Verification finish(Map<String, ChainHead> heads) {
        if (problem == null) {
            for (Map.Entry<String, NodeState> e : nodes.entrySet()) {
                if (e.getValue().gapExpected >= 0) {
                    removed(e.getKey(), e.getValue());
                    break;
                }
            }
        }
        if (problem == null) {
            for (ChainHead head : heads.values()) {
                if (!head(head)) {
                    break;
                }
            }
        }
        Map<String, Long> last = new HashMap<>();
        nodes.forEach((node, st) -> last.put(node, st.expected - 1));
        return new Verification(records, redacted, last, Optional.ofNullable(problem), notes);
    }

    private boolean head(ChainHead head) {
        if (key.isPresent() && (head.mac().isEmpty() || !key.get().verify(head.signedText(), head.mac().get()))) {
            fail(Verification.Kind.UNSIGNED, head.node(), head.seq(), "head", "the head of node " + head.node()
                    + " is not signed by the audit key");
            return false;
        }
        NodeState st = nodes.get(head.node());
        long lastSeq = st == null ? 0 : st.expected - 1;
        if (lastSeq < head.seq()) {
            fail(Verification.Kind.TRUNCATED, head.node(), head.seq(), "head", "the log of node " + head.node()
                    + " ends at record " + lastSeq + " but its head names record " + head.seq() + ": records "
                    + (lastSeq + 1) + " to " + head.seq() + " were cut off");
            return false;
        }
        if (lastSeq == head.seq() && head.seq() > 0 && !st.lastHash.equals(head.hash())) {
            fail(Verification.Kind.EDITED, head.node(), head.seq(), st.lastLocation, "record " + head.seq() + " at "
                    + st.lastLocation + " is not the one the head names: the end of the log was replaced");
            return false;
        }
        if (lastSeq > head.seq()) {
            notes.add("node " + head.node() + " has " + (lastSeq - head.seq()) + " record(s) after its head"
                    + " (written when the store stopped before updating the head)");
        }
        return true;
    }

    private void fail(Verification.Kind kind, String node, long seq, String location, String message) {
        problem = new Verification.Problem(kind, node, seq, location, message);
    }
}
