package io.duraflow.api;

/**
 * Replayed orchestration code did something other than what the instance's history recorded: usually the
 * orchestration was changed while the instance was in flight, or it reads the clock, random numbers or
 * external state directly.
 */
public class NonDeterministicOrchestrationException extends DuraflowException {
  private static final long serialVersionUID = 1L;

  public NonDeterministicOrchestrationException(String message) {
    super(message);
  }
}
