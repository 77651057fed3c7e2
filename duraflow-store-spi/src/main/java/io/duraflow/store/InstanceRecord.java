package io.duraflow.store;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import java.time.Instant;

/**
 * An instance row.
 *
 * @param input the current execution's input (JSON) or null
 * @param output the output (JSON) of a completed instance, the reason of a terminated one, or null
 * @param failureDetails why a failed instance failed, or null
 * @param historySize number of history events of the current execution, used to validate cached state
 * @param scheduledStartAt when a Pending instance is due to start, or null
 * @param parent the orchestration that started this one as a sub-orchestration (where its result goes),
 *     or null
 * @param version the orchestration version the instance started on, or null for an unversioned one
 */
public record InstanceRecord(
    String taskHub,
    String instanceId,
    String name,
    String executionId,
    OrchestrationRuntimeStatus runtimeStatus,
    String input,
    String output,
    String customStatus,
    FailureDetails failureDetails,
    Instant createdAt,
    Instant lastUpdatedAt,
    Instant scheduledStartAt,
    ExecutionStarted.ParentInstance parent,
    int historySize,
    String version) {

  /** An unversioned instance. */
  public InstanceRecord(String taskHub, String instanceId, String name, String executionId,
      OrchestrationRuntimeStatus runtimeStatus, String input, String output, String customStatus,
      FailureDetails failureDetails, Instant createdAt, Instant lastUpdatedAt, Instant scheduledStartAt,
      ExecutionStarted.ParentInstance parent, int historySize) {
    this(taskHub, instanceId, name, executionId, runtimeStatus, input, output, customStatus, failureDetails,
        createdAt, lastUpdatedAt, scheduledStartAt, parent, historySize, null);
  }

  /** The parent's instance id, or null for a top-level instance. */
  public String parentInstanceId() {
    return parent == null ? null : parent.instanceId();
  }
}
