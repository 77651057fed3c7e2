package io.duraflow.action;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;

/** Finish the execution with {@code status} (Completed, Failed or Terminated). */
public record CompleteOrchestration(int id, OrchestrationRuntimeStatus status, String result, FailureDetails failureDetails)
    implements OrchestratorAction {}
