package io.duraflow.store;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;

/**
 * The instance row after a step. {@code executionId} and {@code input} change only on continue-as-new or
 * when an execution starts.
 */
public record InstanceUpdate(
    OrchestrationRuntimeStatus runtimeStatus,
    String name,
    String executionId,
    String input,
    String output,
    String customStatus,
    FailureDetails failureDetails) {}
