package io.duraflow.history;

import java.time.Instant;

/**
 * A fact in an instance's event-sourced history, or a message on its way into it. Events are immutable
 * records; stores and the HTTP API convert them at their edges.
 *
 * <p>Task ids pair events: {@code TaskScheduled(taskId=3)} is answered by {@code TaskCompleted(taskScheduledId=3)}.
 */
public sealed interface HistoryEvent
    permits OrchestratorStarted,
        ExecutionStarted,
        ExecutionCompleted,
        ExecutionTerminated,
        ExecutionSuspended,
        ExecutionResumed,
        ExecutionRewound,
        TaskScheduled,
        TaskCompleted,
        TaskFailed,
        TaskCancellationRequested,
        TimerCreated,
        TimerFired,
        EventRaised,
        SubOrchestrationInstanceCreated,
        SubOrchestrationInstanceCompleted,
        SubOrchestrationInstanceFailed,
        PatchApplied,
        EntityOperationSignaled,
        EntityOperationCalled,
        EntityOperationCompleted,
        EntityOperationFailed,
        EntityLockRequested,
        EntityLockGranted,
        EntityUnlockSent {

  /** When the event happened (orchestration time for events the orchestration produced). */
  Instant timestamp();

  /**
   * The event's stored kind, as Durable Functions spells its type, e.g. {@code TaskCompleted}: each record's
   * {@code KIND} constant, never derived from the Java class name, so stored history survives renames.
   */
  String eventType();
}
