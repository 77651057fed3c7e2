package io.duraflow.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored schedule: what the runtime's scheduler reads and advances. The store keeps the definition
 * (the spec, the orchestration to start, the policies) as opaque text in the runtime's format and
 * understands only the fields it must query or guard.
 *
 * @param definition the schedule's definition, JSON written and read by the runtime
 * @param nextDueAt the nominal time of the next start, or null when the spec has no more (past its end)
 * @param bufferedDueAt the nominal time of a start held back by the buffer-one overlap policy, or null
 * @param lastInstanceId the id of the last instance the schedule started, or null
 * @param paused whether due times are skipped (the scheduler ignores a paused schedule)
 * @param note why the schedule was paused (or last changed), free text, or null
 * @param version increased by every change; a change names the version it read and loses (changes
 *     nothing) when another writer changed the row first
 */
public record ScheduleRecord(
    String taskHub, String scheduleId, String definition, Instant nextDueAt, Instant bufferedDueAt,
    String lastInstanceId, boolean paused, String note, Instant createdAt, Instant updatedAt, long version) {
  public ScheduleRecord {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(definition, "definition");
  }

  /** This record with the changeable fields replaced (times and version stay: the store sets them). */
  public ScheduleRecord with(String newDefinition, Instant newNextDueAt, Instant newBufferedDueAt,
      String newLastInstanceId, boolean newPaused, String newNote) {
    return new ScheduleRecord(taskHub, scheduleId, newDefinition, newNextDueAt, newBufferedDueAt, newLastInstanceId,
        newPaused, newNote, createdAt, updatedAt, version);
  }
}
