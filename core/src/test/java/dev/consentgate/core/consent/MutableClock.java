package dev.consentgate.core.consent;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock tests move by hand. Not thread-safe. */
final class MutableClock extends Clock {

    private Instant now;

    MutableClock(Instant now) {
        this.now = requireNonNull(now, "now");
    }

    void set(Instant instant) {
        this.now = requireNonNull(instant, "instant");
    }

    void advance(Duration duration) {
        this.now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
