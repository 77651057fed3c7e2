package io.duraflow.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule is due: a cron expression in a time zone, or a fixed interval with an offset (due at
 * {@code 1970-01-01T00:00Z + offset + k * interval}, like Temporal's interval spec, so the times do not
 * depend on when the schedule was created), within optional {@code startAt}/{@code endAt} bounds, each
 * start delayed by up to {@code jitter}.
 *
 * <p>The jitter of a due time is derived from the schedule id and the due time alone (a hash), so every
 * node computes the same delay, and a restart does not move it. Immutable.
 *
 * @param cron a cron expression ({@link CronExpression}), or null for an interval schedule
 * @param interval the interval, or null for a cron schedule
 * @param offset where in each interval the start falls; zero by default; less than the interval
 * @param timeZone the zone of the cron expression's wall-clock times; UTC by default
 * @param jitter the largest random delay added to a start; zero by default
 * @param startAt no due time before this, or null
 * @param endAt no due time after this, or null
 */
public record ScheduleSpec(String cron, Duration interval, Duration offset, ZoneId timeZone, Duration jitter,
    Instant startAt, Instant endAt) {

  public ScheduleSpec {
    if ((cron == null) == (interval == null)) {
      throw new IllegalArgumentException("A schedule needs exactly one of a cron expression or an interval");
    }
    offset = offset == null ? Duration.ZERO : offset;
    timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
    jitter = jitter == null ? Duration.ZERO : jitter;
    if (cron != null) {
      cron = CronExpression.parse(cron).toString();
    } else {
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("Schedule interval " + interval + " is too short; the least is 1s");
      }
      if (offset.isNegative() || offset.compareTo(interval) >= 0) {
        throw new IllegalArgumentException("Schedule offset " + offset + " must be at least 0 and less than the interval "
            + interval);
      }
    }
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("Schedule jitter must not be negative, was " + jitter);
    }
    if (startAt != null && endAt != null && endAt.isBefore(startAt)) {
      throw new IllegalArgumentException("Schedule end " + endAt + " is before its start " + startAt);
    }
  }

  /** Due when {@code expression} matches, in UTC until {@link #inZone} says otherwise. */
  public static ScheduleSpec cron(String expression) {
    return new ScheduleSpec(Objects.requireNonNull(expression, "expression"), null, null, null, null, null, null);
  }

  /** Due every {@code interval}, at whole multiples of it since the epoch. */
  public static ScheduleSpec every(Duration interval) {
    return new ScheduleSpec(null, Objects.requireNonNull(interval, "interval"), null, null, null, null, null);
  }

  public ScheduleSpec withOffset(Duration value) {
    return new ScheduleSpec(cron, interval, value, timeZone, jitter, startAt, endAt);
  }

  public ScheduleSpec inZone(ZoneId value) {
    return new ScheduleSpec(cron, interval, offset, value, jitter, startAt, endAt);
  }

  public ScheduleSpec withJitter(Duration value) {
    return new ScheduleSpec(cron, interval, offset, timeZone, value, startAt, endAt);
  }

  /** These due times limited to {@code from} .. {@code to} (either may be null: unbounded). */
  public ScheduleSpec between(Instant from, Instant to) {
    return new ScheduleSpec(cron, interval, offset, timeZone, jitter, from, to);
  }

  /**
   * The first due time strictly after {@code after} (whole milliseconds), within the bounds; empty when
   * the schedule has no more.
   */
  public Optional<Instant> nextAfter(Instant after) {
    Instant from = after;
    if (startAt != null && !from.isAfter(startAt.minusMillis(1))) {
      from = startAt.minusMillis(1); // the first candidate is startAt itself
    }
    Optional<Instant> next = cron != null ? CronExpression.parse(cron).nextAfter(from, timeZone) : nextInterval(from);
    return next.filter(t -> endAt == null || !t.isAfter(endAt));
  }

  private Optional<Instant> nextInterval(Instant after) {
    long period = interval.toMillis();
    long phase = offset.toMillis();
    long t = after.toEpochMilli() - phase;
    long k = Math.floorDiv(t, period) + 1; // the next multiple strictly after
    return Optional.of(Instant.ofEpochMilli(Math.addExact(Math.multiplyExact(k, period), phase)));
  }

  /**
   * The delay added to the start due at {@code dueAt} of schedule {@code scheduleId}: a value in
   * {@code [0, jitter]} at millisecond precision, the same on every node and every run.
   */
  public Duration jitterOf(String scheduleId, Instant dueAt) {
    if (jitter.isZero()) {
      return Duration.ZERO;
    }
    long bound = jitter.toMillis() + 1;
    long hash = hash(scheduleId + "@" + dueAt.toEpochMilli());
    return Duration.ofMillis(Math.floorMod(hash, bound));
  }

  private static long hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every JVM must ship it
    }
  }
}
