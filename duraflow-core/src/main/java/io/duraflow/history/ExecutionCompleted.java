package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import java.time.Instant;

/** The orchestration finished with {@code status} (Completed, Failed or Terminated). */
public record ExecutionCompleted(Instant timestamp, OrchestrationRuntimeStatus status, String result, FailureDetails failureDetails) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "ExecutionCompleted";

  @Override
  public String eventType() {
    return KIND;
  }
}
