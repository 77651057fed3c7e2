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
  private final boolean duringReplay;

  /** @param duringReplay the step also replayed the instance's history (a cold session), which counted too */
  public StepDeadlineExceededException(String instanceId, Duration deadline, boolean duringReplay) {
    super("Orchestration step of instance '" + instanceId + "' did not finish within " + deadline.toMillis()
        + " ms" + (duringReplay ? " (including the replay of its history)" : "")
        + ": the code neither awaited a task nor returned. Move blocking or long-running work (sleeps, I/O,"
        + " heavy computation) into an activity, and waits into ctx.createTimer.");
    this.instanceId = instanceId;
    this.duringReplay = duringReplay;
  }

  /**
   * True when the step replayed history as well: a long history or a pause (GC, CPU starvation) may be to
   * blame, so the worker retries it like any failed step instead of failing the instance at once.
   */
  public boolean duringReplay() {
    return duringReplay;
  }

  public String instanceId() {
    return instanceId;
  }
}
