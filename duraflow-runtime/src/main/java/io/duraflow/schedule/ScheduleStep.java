package io.duraflow.schedule;

import io.duraflow.store.ScheduleRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One decision of the scheduler, a value: given a schedule row, its definition, the time and whether
 * the instance it started last still runs, what the row becomes and which instance (if any) to start.
 * Pure: no store, no clock. The runner applies it with one compare-and-set, so two nodes that decide the
 * same step both compute the same row and instance id, and only one of them writes it.
 *
 * <p>Order of a step: first a buffered start whose blocker finished; then the next due time, which is
 * skipped (the row fast-forwards to the first due time inside the catch-up window) when it is older than
 * the window, and otherwise starts, buffers or skips according to the overlap policy. The runner repeats
 * steps until there is nothing to do, so after downtime the missed due times inside the window are
 * worked through in order, each under the overlap policy.
 *
 * @param next the row to write (same version as read: the store compares and bumps it)
 * @param start the instance to create, or null
 * @param outcome what happened to the due time, for the meter and the log
 */
public record ScheduleStep(ScheduleRecord next, Start start, Outcome outcome) {

  /** What a step did. */
  public enum Outcome {
    /** An instance was started for a due time (or for a buffered one). */
    STARTED("started"),
    /** The due time passed without a start: the last instance still ran (skip, or buffer-one already full). */
    SKIPPED("skipped"),
    /** The due time was remembered, to start when the running instance finishes (buffer-one). */
    BUFFERED("buffered"),
    /** Due times older than the catch-up window were passed over. */
    MISSED("missed");

    private final String tag;

    Outcome(String tag) {
      this.tag = tag;
    }

    /** The meter tag value. */
    public String tag() {
      return tag;
    }
  }

  /**
   * An instance to start: id {@code <scheduleId>-<nominal due time, ISO-8601 UTC>}, visible at
   * {@code startAt} (the due time plus its jitter).
   */
  public record Start(String instanceId, Instant dueAt, Instant startAt) {}

  /** The instance id of schedule {@code scheduleId}'s start due at {@code dueAt}: the same on every node. */
  public static String instanceId(String scheduleId, Instant dueAt) {
    return scheduleId + "-" + DateTimeFormatter.ISO_INSTANT.format(dueAt.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The tail {@link #instanceId} gives every schedule's instances: {@code -<ISO instant, whole ms>}. */
  private static final java.util.regex.Pattern SCHEDULED_ID_TAIL =
      java.util.regex.Pattern.compile(".-\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$");

  /**
   * Whether {@code instanceId} has the shape of a scheduled instance's id (another id may have it too, by
   * choice or chance; that only costs one scheduler pass). The runner wakes on the completion of those
   * only, not on every instance's.
   */
  public static boolean looksScheduled(String instanceId) {
    return instanceId != null && SCHEDULED_ID_TAIL.matcher(instanceId).find();
  }

  /** The first due time at or after {@code now} (whole milliseconds), or null when the spec has no more. */
  public static Instant firstDueFrom(ScheduleSpec spec, Instant now) {
    return spec.nextAfter(now.truncatedTo(ChronoUnit.MILLIS).minusMillis(1)).orElse(null);
  }

  /**
   * The step to take now, or empty when nothing is due.
   *
   * @param lastRunning whether {@code row.lastInstanceId()} names an instance that is not terminal
   */
  public static Optional<ScheduleStep> decide(ScheduleRecord row, ScheduleDefinition def, Instant now,
      boolean lastRunning) {
    if (row.paused()) {
      return Optional.empty();
    }
    String id = row.scheduleId();
    if (row.bufferedDueAt() != null && !lastRunning) {
      String instanceId = instanceId(id, row.bufferedDueAt());
      return Optional.of(new ScheduleStep(
          row.with(row.definition(), row.nextDueAt(), null, instanceId, false, row.note()),
          new Start(instanceId, row.bufferedDueAt(), now), Outcome.STARTED));
    }
    Instant due = row.nextDueAt();
    if (due == null || due.isAfter(now)) {
      return Optional.empty();
    }
    ScheduleSpec spec = def.spec();
    Instant windowStart = now.minus(def.catchupWindow());
    if (due.isBefore(windowStart)) {
      return Optional.of(new ScheduleStep(row.with(row.definition(), firstDueFrom(spec, windowStart),
          row.bufferedDueAt(), row.lastInstanceId(), false, row.note()), null, Outcome.MISSED));
    }
    Instant following = spec.nextAfter(due).orElse(null);
    if (def.overlap() == OverlapPolicy.ALLOW_ALL || !lastRunning) {
      String instanceId = instanceId(id, due);
      Duration jitter = spec.jitterOf(id, due);
      return Optional.of(new ScheduleStep(
          row.with(row.definition(), following, row.bufferedDueAt(), instanceId, false, row.note()),
          new Start(instanceId, due, due.plus(jitter)), Outcome.STARTED));
    }
    if (def.overlap() == OverlapPolicy.BUFFER_ONE && row.bufferedDueAt() == null) {
      return Optional.of(new ScheduleStep(
          row.with(row.definition(), following, due, row.lastInstanceId(), false, row.note()), null, Outcome.BUFFERED));
    }
    return Optional.of(new ScheduleStep(
        row.with(row.definition(), following, row.bufferedDueAt(), row.lastInstanceId(), false, row.note()), null,
        Outcome.SKIPPED));
  }
}
