package io.duraflow.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The schedules of all task hubs in a store, and the one write that starts a scheduled instance.
 *
 * <p>Contract (db-scheduler's optimistic model): every change names the {@link ScheduleRecord#version()}
 * it read and is applied only if the row still has it, bumping the version; otherwise it changes nothing
 * and answers false. Two nodes that read the same due schedule therefore race on one row, and exactly one
 * of them advances it. {@link #fire} creates the instance in the same transaction as that advance, so a
 * due time starts at most one instance however many nodes run the scheduler, and a crash either did both
 * or neither. Timestamps {@code createdAt}/{@code updatedAt} come from the store's clock. Thread-safe.
 */
public interface ScheduleStore {

  /**
   * Inserts {@code schedule} at version 0 (its own version and timestamps are ignored).
   *
   * @return false (and nothing written) when the task hub already has a schedule with this id
   */
  boolean create(ScheduleRecord schedule);

  /** The schedule, or empty. */
  Optional<ScheduleRecord> get(String taskHub, String scheduleId);

  /** The schedules of {@code taskHub}, by id. */
  List<ScheduleRecord> list(String taskHub);

  /**
   * Schedules of any task hub that are not paused and have a start due at or before {@code until}, or a
   * buffered start waiting for the running instance to finish; at most {@code max}, earliest first.
   */
  List<ScheduleRecord> due(Instant until, int max);

  /** The earliest {@code nextDueAt} of any schedule that is not paused, or empty if there is none. */
  Optional<Instant> earliestDue();

  /**
   * Writes the changeable fields of {@code schedule} if the stored version is still
   * {@code schedule.version()}.
   *
   * @return false if the schedule is gone or another writer changed it first; nothing was written
   */
  boolean update(ScheduleRecord schedule);

  /**
   * Like {@link #update}, and when {@code start} is not null creates that instance in the same
   * transaction, through the same path as a client's create (a terminal instance with the id is replaced,
   * a running one keeps it and nothing is created for it: the deterministic ids make that a duplicate).
   *
   * @return false if another writer changed the schedule first; then no instance was created either
   */
  boolean fire(ScheduleRecord schedule, NewInstance start);

  /** Deletes the schedule (instances it started stay); false if there was none. */
  boolean delete(String taskHub, String scheduleId);
}
