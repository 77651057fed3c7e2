package io.duraflow.store;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;

/**
 * The instance row after a step. {@code executionId} and {@code input} change only on continue-as-new or
 * when an execution starts.
 *
 * @param version a new orchestration version for the instance (continue-as-new onto another version), or
 *     null to keep the row's
 * @param tags tags the step's code set (upserted with the step; a null value removes the key), empty for none
 */
public record InstanceUpdate(
    OrchestrationRuntimeStatus runtimeStatus,
    String name,
    String executionId,
    String input,
    String output,
    String customStatus,
    FailureDetails failureDetails,
    String version,
    java.util.Map<String, String> tags) {

  public InstanceUpdate {
    tags = tags == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
  }

  /** An update that keeps the instance's version and sets no tags. */
  public InstanceUpdate(OrchestrationRuntimeStatus runtimeStatus, String name, String executionId, String input,
      String output, String customStatus, FailureDetails failureDetails) {
    this(runtimeStatus, name, executionId, input, output, customStatus, failureDetails, null, null);
  }

  /** An update that sets no tags. */
  public InstanceUpdate(OrchestrationRuntimeStatus runtimeStatus, String name, String executionId, String input,
      String output, String customStatus, FailureDetails failureDetails, String version) {
    this(runtimeStatus, name, executionId, input, output, customStatus, failureDetails, version, null);
  }
}
