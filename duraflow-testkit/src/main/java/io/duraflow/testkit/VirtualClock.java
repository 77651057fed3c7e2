package io.duraflow.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it: the store stamps leases, visibility times and history
 * with it, and orchestrations see it as {@code ctx.currentInstant()}. Thread-safe; it never goes back.
 */
public final class VirtualClock extends Clock {
  private Instant now;

  /** A clock showing {@code start} until it is advanced. */
  public VirtualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  /** Moves the clock forward by {@code span} (zero or more). */
  public synchronized void advance(Duration span) {
    if (span.isNegative()) {
      throw new IllegalArgumentException("The virtual clock cannot go back; advance by a positive span, not " + span);
    }
    now = now.plus(span);
  }

  /** Moves the clock to {@code time} if that is later than now; never backwards. */
  public synchronized void advanceTo(Instant time) {
    if (time.isAfter(now)) {
      now = time;
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** A view of this clock in {@code zone}: the same instant, moved by the same {@link #advance} calls. */
  @Override
  public Clock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    VirtualClock source = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return source.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return source.withZone(other);
      }
    };
  }
}
