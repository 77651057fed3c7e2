package io.duraflow.testkit;

import java.util.List;

/**
 * What a {@link FaultExplorer} found: how many runs it made, the fault-free run's result and steps, and
 * every run that went wrong, each with the plan that reproduces it.
 *
 * @param expected the fault-free run's result
 * @param baselineSteps the steps of the fault-free run (what the fault plans number)
 * @param runs how many faulted runs were made
 * @param faultsInjected how many faults those runs injected in all
 */
public record ExplorationReport(String expected, List<StepRecord> baselineSteps, int runs, int faultsInjected,
    List<Failure> failures) {

  /**
   * A run whose result differed from the fault-free one, or whose scenario or invariant threw.
   *
   * @param plan rebuilds the run: pass it to {@link DuraflowTestEnvironment.Builder#faults} or {@link FaultExplorer#check}
   * @param injected the faults it actually injected, with the steps they hit
   */
  public record Failure(FaultPlan plan, List<InjectedFault> injected, String expected, String actual) {
    @Override
    public String toString() {
      return plan + " (seed " + plan.seed() + "; injected " + (injected.isEmpty() ? "nothing" : injected) + "): expected "
          + expected + " but " + (actual.startsWith("threw ") ? actual : "got " + actual);
    }
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  /** Throws an {@link AssertionError} listing every failing run with its plan, seed and crash point. */
  public void assertNoFailures() {
    if (!failures.isEmpty()) {
      throw new AssertionError(toString());
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(failures.isEmpty() ? "No failure" : failures.size() + " of " + runs + " faulted runs failed")
        .append(" (").append(runs).append(" runs, ").append(faultsInjected).append(" faults injected, ")
        .append(baselineSteps.size()).append(" steps without faults)");
    if (!failures.isEmpty()) {
      s.append("; rerun one with DuraflowTestEnvironment.builder().faults(PLAN) or FaultExplorer.check(PLAN):");
    }
    for (Failure f : failures) {
      s.append("\n  ").append(f);
    }
    return s.toString();
  }
}
