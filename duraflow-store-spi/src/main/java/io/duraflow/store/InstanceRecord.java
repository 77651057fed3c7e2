package io.duraflow.store;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import java.time.Instant;

/**
 * An instance row.
 *
 * @param input the current execution's input (JSON) or null
 * @param output the output (JSON) of a completed instance, the reason of a terminated one, or null
 * @param failureDetails why a failed instance failed, or null
 * @param historySize number of history events of the current execution, used to validate cached state
 * @param scheduledStartAt when a Pending instance is due to start, or null
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
    String parentInstanceId,
    int historySize) {}
