package io.duraflow.history;

import java.time.Instant;

/**
 * An execution of orchestration {@code name} started with {@code input} (JSON). A new execution id is
 * assigned at start and after every continue-as-new.
 *
 * @param parent the orchestration that started this one as a sub-orchestration, or null
 * @param scheduledStartAt when the caller asked the instance to start, or null for now
 */
public record ExecutionStarted(
    Instant timestamp, String name, String input, String executionId, ParentInstance parent, Instant scheduledStartAt)
    implements HistoryEvent {

  /** The parent orchestration of a sub-orchestration and the task id it awaits the child under. */
  public record ParentInstance(String instanceId, int taskId) {}
}
