package io.duraflow.store;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;

/**
 * The instance row after a step. {@code executionId} and {@code input} change only on continue-as-new or
 * when an execution starts.
 *
 * @param version a new orchestration version for the instance (continue-as-new onto another version), or
 *     null to keep the row's
 */
public record InstanceUpdate(
    OrchestrationRuntimeStatus runtimeStatus,
    String name,
    String executionId,
    String input,
    String output,
    String customStatus,
    FailureDetails failureDetails,
    String version) {

  /** An update that keeps the instance's version. */
  public InstanceUpdate(OrchestrationRuntimeStatus runtimeStatus, String name, String executionId, String input,
      String output, String customStatus, FailureDetails failureDetails) {
    this(runtimeStatus, name, executionId, input, output, customStatus, failureDetails, null);
  }
}
