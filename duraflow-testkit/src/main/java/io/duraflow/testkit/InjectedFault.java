package io.duraflow.testkit;

/** A fault that the environment injected during a run, at {@code step}. */
public record InjectedFault(FaultKind kind, StepRecord step) {
  @Override
  public String toString() {
    return kind + " at " + step;
  }
}
