package io.duraflow.schedule;

import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.ScheduleRecord;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Creates and manages the schedules of one task hub; the {@link ScheduleRunner} of every worker node
 * starts their instances. Changes are compare-and-set writes retried on conflict, so a change made while
 * a node fires the schedule is applied after (never lost, never half-applied). Thread-safe.
 *
 * <pre>{@code
 * ScheduleClient schedules = engine.schedules();
 * schedules.create("hourly-report", ScheduleDefinition.of("Report", "{\"scope\":\"all\"}",
 *     ScheduleSpec.cron("0 * * * *").inZone(ZoneId.of("Europe/Oslo"))));
 * schedules.pause("hourly-report", "quarter close");
 * }</pre>
 */
public final class ScheduleClient {
  private static final int MAX_ATTEMPTS = 20;
  private final OrchestrationStore store;
  private final Clock clock;
  private final String taskHub;
  private final StartCheck startCheck;
  private final Runnable onChange;

  /**
   * @param startCheck refuses an orchestration name nobody can run, or an input its code refuses, when a
   *     schedule is created or updated; null accepts anything
   * @param onChange called after each change, e.g. the local runner's {@link ScheduleRunner#wake}
   */
  public ScheduleClient(OrchestrationStore store, Clock clock, String taskHub, StartCheck startCheck,
      Runnable onChange) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.taskHub = Objects.requireNonNull(taskHub, "taskHub");
    this.startCheck = startCheck != null ? startCheck : (name, input) -> {};
    this.onChange = onChange != null ? onChange : () -> {};
  }

  /** This client for another task hub. */
  public ScheduleClient forTaskHub(String otherHub) {
    return new ScheduleClient(store, clock, otherHub, startCheck, onChange);
  }

  public String taskHub() {
    return taskHub;
  }

  /**
   * Creates schedule {@code scheduleId}; its first due time is the first at or after now.
   *
   * @throws ScheduleAlreadyExistsException if the task hub has a schedule with this id
   * @throws IllegalArgumentException for an invalid id or an orchestration nobody can run
   */
  public Schedule create(String scheduleId, ScheduleDefinition definition) {
    checkId(scheduleId);
    checkOrchestration(definition);
    ScheduleRecord row = new ScheduleRecord(taskHub, scheduleId, ScheduleJson.write(definition),
        ScheduleStep.firstDueFrom(definition.spec(), clock.instant()), null, null, false, null, null, null, 0);
    if (!store.schedules().create(row)) {
      throw new ScheduleAlreadyExistsException(taskHub, scheduleId);
    }
    onChange.run();
    return require(scheduleId);
  }

  /** The schedule, or empty. */
  public Optional<Schedule> get(String scheduleId) {
    return store.schedules().get(taskHub, scheduleId).map(ScheduleClient::toSchedule);
  }

  /** @throws ScheduleNotFoundException if there is no such schedule */
  public Schedule require(String scheduleId) {
    return get(scheduleId).orElseThrow(() -> new ScheduleNotFoundException(taskHub, scheduleId));
  }

  /** The task hub's schedules, by id. */
  public List<Schedule> list() {
    return store.schedules().list(taskHub).stream().map(ScheduleClient::toSchedule).toList();
  }

  /**
   * Replaces the definition; the next due time is recomputed from the new spec (the first at or after
   * now). The last instance and a buffered start are kept.
   */
  public Schedule update(String scheduleId, ScheduleDefinition definition) {
    checkOrchestration(definition);
    String text = ScheduleJson.write(definition);
    return change(scheduleId, row -> row.with(text, ScheduleStep.firstDueFrom(definition.spec(), clock.instant()),
        row.bufferedDueAt(), row.lastInstanceId(), row.paused(), row.note()));
  }

  /** Pauses: due times pass without starts until {@link #resume}. {@code note} says why (may be null). */
  public Schedule pause(String scheduleId, String note) {
    return change(scheduleId, row -> row.with(row.definition(), row.nextDueAt(), row.bufferedDueAt(),
        row.lastInstanceId(), true, note));
  }

  /**
   * Resumes a paused schedule. Due times that passed while it was paused are not caught up: the next is
   * the first at or after now.
   */
  public Schedule resume(String scheduleId, String note) {
    return change(scheduleId, row -> row.with(row.definition(),
        row.paused() ? ScheduleStep.firstDueFrom(ScheduleJson.read(row.definition()).spec(), clock.instant()) : row.nextDueAt(),
        row.bufferedDueAt(), row.lastInstanceId(), false, note));
  }

  /** Deletes the schedule; the instances it started stay. False if there was none. */
  public boolean delete(String scheduleId) {
    boolean deleted = store.schedules().delete(taskHub, scheduleId);
    onChange.run();
    return deleted;
  }

  /**
   * Starts an instance now, whatever the overlap policy and even while paused; its id is
   * {@code <scheduleId>-<now>} and it becomes the schedule's last instance. Returns the instance id.
   */
  public String trigger(String scheduleId) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      ScheduleRecord row = store.schedules().get(taskHub, scheduleId)
          .orElseThrow(() -> new ScheduleNotFoundException(taskHub, scheduleId));
      ScheduleDefinition def = ScheduleJson.read(row.definition());
      java.time.Instant now = clock.instant();
      String instanceId = ScheduleStep.instanceId(scheduleId, now);
      NewInstance start = new NewInstance(taskHub, instanceId, new ExecutionStarted(now, def.orchestration(), def.input(),
          UUID.randomUUID().toString().replace("-", ""), null, null));
      if (store.schedules().fire(row.with(row.definition(), row.nextDueAt(), row.bufferedDueAt(), instanceId,
          row.paused(), row.note()), start)) {
        onChange.run();
        return instanceId;
      }
    }
    throw new IllegalStateException("Schedule '" + scheduleId + "' kept changing; try again");
  }

  /**
   * Starts the schedule's due times in {@code from .. to} (both inclusive) that have no instance yet, in
   * order, whatever the overlap policy and even while paused (Temporal's backfill with allow-all). A due
   * time whose instance {@code <scheduleId>-<due time>} exists, in any status, is left alone, so running
   * a backfill twice, or over times the schedule already started, starts nothing twice. The schedule's
   * last instance and next due time do not change. Returns the started instance ids.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from} or the range holds more than
   *     {@value #MAX_BACKFILL} due times
   */
  public List<String> backfill(String scheduleId, java.time.Instant from, java.time.Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("Backfill range ends (" + to + ") before it starts (" + from + ")");
    }
    ScheduleDefinition def = require(scheduleId).definition();
    List<java.time.Instant> due = new java.util.ArrayList<>();
    for (java.time.Instant t = ScheduleStep.firstDueFrom(def.spec(), from); t != null && !t.isAfter(to);
        t = def.spec().nextAfter(t).orElse(null)) {
      if (due.size() == MAX_BACKFILL) {
        throw new IllegalArgumentException("Backfill range " + from + " .. " + to + " holds more than " + MAX_BACKFILL
            + " due times; backfill it in parts");
      }
      due.add(t);
    }
    List<String> started = new java.util.ArrayList<>();
    for (java.time.Instant t : due) {
      String instanceId = ScheduleStep.instanceId(scheduleId, t);
      if (startOnce(scheduleId, instanceId, def)) {
        started.add(instanceId);
      }
    }
    if (!started.isEmpty()) {
      onChange.run();
    }
    return started;
  }

  /** At most this many due times per backfill call. */
  public static final int MAX_BACKFILL = 1000;

  /**
   * Creates {@code instanceId} unless it exists: the existence check and the create are ordered by a
   * compare-and-set of the schedule row (which this write leaves as it was, bar the version), so two
   * backfills racing for the same due time start it once.
   */
  private boolean startOnce(String scheduleId, String instanceId, ScheduleDefinition def) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      ScheduleRecord row = store.schedules().get(taskHub, scheduleId)
          .orElseThrow(() -> new ScheduleNotFoundException(taskHub, scheduleId));
      if (store.getInstance(taskHub, instanceId).isPresent()) {
        return false;
      }
      NewInstance start = new NewInstance(taskHub, instanceId, new ExecutionStarted(clock.instant(), def.orchestration(),
          def.input(), UUID.randomUUID().toString().replace("-", ""), null, null));
      if (store.schedules().fire(row, start)) {
        return true;
      }
    }
    throw new IllegalStateException("Schedule '" + scheduleId + "' kept changing; try again");
  }

  private Schedule change(String scheduleId, UnaryOperator<ScheduleRecord> edit) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      ScheduleRecord row = store.schedules().get(taskHub, scheduleId)
          .orElseThrow(() -> new ScheduleNotFoundException(taskHub, scheduleId));
      if (store.schedules().update(edit.apply(row))) {
        onChange.run();
        return require(scheduleId);
      }
      // A node fired the schedule meanwhile: re-read and apply the change on top.
    }
    throw new IllegalStateException("Schedule '" + scheduleId + "' kept changing; try again");
  }

  private void checkOrchestration(ScheduleDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    startCheck.check(definition.orchestration(), definition.input());
    if (definition.spec().nextAfter(clock.instant()).isEmpty()) {
      throw new IllegalArgumentException("The schedule would never start an instance: its spec has no due time after now");
    }
  }

  /** Ids become part of instance ids: the same characters, short enough to leave room for the time. */
  static void checkId(String scheduleId) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    if (!scheduleId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
      throw new IllegalArgumentException("Schedule id '" + scheduleId
          + "' is invalid: use 1-100 letters, digits, '.', '-' or '_', starting with a letter or digit");
    }
  }

  /** Checks, when a schedule is created or changed, that its instances could start. */
  @FunctionalInterface
  public interface StartCheck {
    /** @throws IllegalArgumentException saying why {@code orchestration} cannot start with {@code inputJson} */
    void check(String orchestration, String inputJson);
  }

  private static Schedule toSchedule(ScheduleRecord r) {
    return new Schedule(r.taskHub(), r.scheduleId(), ScheduleJson.read(r.definition()), r.paused(), r.note(),
        r.nextDueAt(), r.bufferedDueAt(), r.lastInstanceId(), r.createdAt(), r.updatedAt());
  }
}
