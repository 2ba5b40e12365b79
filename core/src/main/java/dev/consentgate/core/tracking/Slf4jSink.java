package dev.consentgate.core.tracking;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** {@link TrackingSink#slf4j()}: one INFO event per record, the fields as key-value pairs. Thread-safe. */
final class Slf4jSink implements TrackingSink {

    static final String LOGGER = "consentgate.tracking";

    private final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void write(TrackingRecord record) {
        if (!log.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder event = log.atInfo().setMessage("tracking record");
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            event = event.addKeyValue(field.getKey(), field.getValue());
        }
        event.log();
    }

    @Override
    public String toString() {
        return "TrackingSink.slf4j()";
    }
}
