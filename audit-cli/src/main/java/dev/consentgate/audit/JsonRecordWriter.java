package dev.consentgate.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.consentgate.core.log.ConsentRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * JSON Lines: one flat object per record and line, fields in {@link RecordWriter#FIELDS} order; lists are arrays,
 * a missing value is {@code null}.
 */
final class JsonRecordWriter implements RecordWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final JsonGenerator gen;

    JsonRecordWriter(Writer out) {
        this.out = out;
        try {
            this.gen = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        } catch (IOException e) {
            throw new IllegalStateException("a generator over a writer needs no I/O", e);
        }
        // one object per line, and nothing between them but the line break
        gen.setRootValueSeparator(null);
    }

    @Override
    public void start() {
        // JSON Lines has no header
    }

    @Override
    public void write(ConsentRecord r) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("seq", r.seq());
        gen.writeStringField("node", r.node());
        gen.writeStringField("timestamp", r.timestamp().toString());
        gen.writeStringField("consentId", r.consentId().toString());
        gen.writeStringField("action", r.action());
        array("granted", r.granted());
        array("refused", r.refused());
        gen.writeNumberField("policyRevision", r.policyRevision());
        optional("expiresAt", r.expiresAt().map(Object::toString));
        optional("policyHash", r.policyHash());
        optional("language", r.language());
        for (String field : Fields.PERSONAL) {
            optional(field, Fields.personal(r, field));
        }
        array("redacted", Fields.redacted(r));
        gen.writeStringField("hash", r.hash());
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    @Override
    public void finish() throws IOException {
        gen.close();
        out.flush();
    }

    private void array(String name, List<String> values) throws IOException {
        gen.writeArrayFieldStart(name);
        for (String v : values) {
            gen.writeString(v);
        }
        gen.writeEndArray();
    }

    private void optional(String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            gen.writeStringField(name, value.get());
        } else {
            gen.writeNullField(name);
        }
    }
}
