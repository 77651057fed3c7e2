package io.duraflow.testkit;

/**
 * A fault the test kit can inject at one step (an orchestration step or an activity execution). Each is
 * something a real deployment does to an orchestration, made to happen at a chosen moment.
 */
public enum FaultKind {
  /**
   * The process dies after the orchestration step ran but before its commit: nothing of the step is
   * stored, the in-memory session is lost, and the restarted worker replays the instance from history.
   */
  BEFORE_COMMIT(true),
  /**
   * The process dies right after the step committed: the step is stored, but the loaded session is lost,
   * so the next step replays the whole history instead of continuing in memory.
   */
  AFTER_COMMIT(true),
  /**
   * The process dies after an activity ran but before its result was recorded: the activity runs again
   * after the restart (at-least-once delivery), and orchestration sessions are lost.
   */
  AFTER_ACTIVITY(false),
  /**
   * The worker's lease is taken away while it runs the step or activity (a long pause, a clock jump):
   * the store rejects its commit or result, and the work is claimed and done again.
   */
  LOSE_LEASE(true),
  /**
   * The activity's acknowledgement is lost: it ran, its result is dropped and the item is delivered
   * again at once, so the activity runs twice; no process dies.
   */
  DUPLICATE_DELIVERY(false);

  private final boolean onOrchestrationStep;

  FaultKind(boolean onOrchestrationStep) {
    this.onOrchestrationStep = onOrchestrationStep;
  }

  /** Whether this fault can happen at a step of kind {@code step}. */
  public boolean appliesTo(StepKind step) {
    if (this == LOSE_LEASE) {
      return true;
    }
    return onOrchestrationStep == (step == StepKind.ORCHESTRATION);
  }
}
