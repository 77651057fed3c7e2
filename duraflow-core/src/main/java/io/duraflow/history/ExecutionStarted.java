package io.duraflow.history;

import java.time.Instant;

/**
 * An execution of orchestration {@code name} started with {@code input} (JSON). A new execution id is
 * assigned at start and after every continue-as-new.
 *
 * @param parent the orchestration that started this one as a sub-orchestration, or null
 * @param scheduledStartAt when the caller asked the instance to start, or null for now
 * @param parentTrace the trace this execution belongs to (the starter's span, or the step of the parent
 *     orchestration or previous execution that started it), or null when it was started untraced; absent
 *     from histories written before tracing, which decode with null
 * @param version the version of the orchestration's code this execution runs on (see
 *     {@code TaskRegistry}), or null for an unversioned start; absent from histories written before
 *     versions, which decode with null
 */
public record ExecutionStarted(
    Instant timestamp, String name, String input, String executionId, ParentInstance parent, Instant scheduledStartAt,
    TraceContext parentTrace, String version)
    implements HistoryEvent {

  /** An unversioned start. */
  public ExecutionStarted(
      Instant timestamp, String name, String input, String executionId, ParentInstance parent, Instant scheduledStartAt,
      TraceContext parentTrace) {
    this(timestamp, name, input, executionId, parent, scheduledStartAt, parentTrace, null);
  }

  /** An untraced start. */
  public ExecutionStarted(
      Instant timestamp, String name, String input, String executionId, ParentInstance parent, Instant scheduledStartAt) {
    this(timestamp, name, input, executionId, parent, scheduledStartAt, null, null);
  }
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "ExecutionStarted";

  @Override
  public String eventType() {
    return KIND;
  }


  /** This start with {@code value} as the version (null: unversioned). */
  public ExecutionStarted withVersion(String value) {
    return new ExecutionStarted(timestamp, name, input, executionId, parent, scheduledStartAt, parentTrace, value);
  }

  /**
   * The parent orchestration of a sub-orchestration: where to send the child's result, and under which
   * task id the parent awaits it.
   */
  public record ParentInstance(String taskHub, String instanceId, String executionId, int taskId) {}
}
