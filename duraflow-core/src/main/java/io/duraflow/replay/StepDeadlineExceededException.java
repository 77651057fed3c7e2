package io.duraflow.replay;

import io.duraflow.api.DuraflowException;
import java.time.Duration;

/**
 * Orchestration code ran longer than the step deadline without awaiting a task or returning. Orchestration
 * code must only decide: a busy loop, {@code Thread.sleep} or blocking I/O belongs in an activity (or a
 * durable timer). The worker fails the instance with this message, since a replay would run the same code.
 */
public final class StepDeadlineExceededException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String instanceId;

  public StepDeadlineExceededException(String instanceId, Duration deadline) {
    super("Orchestration step of instance '" + instanceId + "' did not finish within " + deadline.toMillis()
        + " ms: the code neither awaited a task nor returned. Move blocking or long-running work (sleeps, I/O,"
        + " heavy computation) into an activity, and waits into ctx.createTimer.");
    this.instanceId = instanceId;
  }

  public String instanceId() {
    return instanceId;
  }
}
