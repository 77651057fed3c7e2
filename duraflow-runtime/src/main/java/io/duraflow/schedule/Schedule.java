package io.duraflow.schedule;

import java.time.Instant;

/**
 * A schedule as the client sees it: its definition and where it stands.
 *
 * @param nextDueAt the nominal time of the next start (before jitter), or null when the spec has no more
 * @param bufferedDueAt the nominal time of a start held back by {@link OverlapPolicy#BUFFER_ONE}, or null
 * @param lastInstanceId the instance the schedule started last, or null
 * @param note the note given with the last pause or resume, or null
 */
public record Schedule(String taskHub, String scheduleId, ScheduleDefinition definition, boolean paused, String note,
    Instant nextDueAt, Instant bufferedDueAt, String lastInstanceId, Instant createdAt, Instant updatedAt) {}
