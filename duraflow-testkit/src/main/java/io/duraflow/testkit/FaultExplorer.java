package io.duraflow.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a test scenario once without faults, then again under faults, and reports every run whose result
 * differs from the fault-free one or whose invariant fails. Each run gets a fresh environment (a new
 * database), built by the same setup.
 *
 * <pre>{@code
 * FaultExplorer.of(
 *         b -> b.orchestration("Order", new OrderOrchestration()).activity("Charge", ledger::charge),
 *         env -> env.outcome(env.run("Order", "order-1")))
 *     .invariant(env -> assertThat(ledger.charges("order-1")).isEqualTo(1))
 *     .checkAllCrashPoints()
 *     .assertNoFailures();
 * }</pre>
 *
 * <p>The scenario's result is compared with {@link Object#equals}: return something that depends only on
 * what the orchestration decides ({@link DuraflowTestEnvironment#outcome}, an output), not on timestamps.
 * State the scenario's stubs or activities keep outside the environment must be reset per run (create it
 * in the setup or the scenario), or runs see each other's side effects.
 *
 * @param <T> the scenario's result
 */
public final class FaultExplorer<T> {
  /** What a test does with an environment; its result must be the same under every fault. */
  @FunctionalInterface
  public interface Scenario<T> {
    T run(DuraflowTestEnvironment env) throws Exception;
  }

  /** A check after the scenario, e.g. on the side effects its activities recorded; fails by throwing. */
  @FunctionalInterface
  public interface Invariant {
    void check(DuraflowTestEnvironment env) throws Exception;
  }

  private final Consumer<DuraflowTestEnvironment.Builder> setup;
  private final Scenario<T> scenario;
  private final List<Invariant> invariants = new ArrayList<>();
  private FaultPlan.Recovery recovery = FaultPlan.Recovery.RESTART;

  private FaultExplorer(Consumer<DuraflowTestEnvironment.Builder> setup, Scenario<T> scenario) {
    this.setup = Objects.requireNonNull(setup, "setup");
    this.scenario = Objects.requireNonNull(scenario, "scenario");
  }

  /**
   * @param setup registers orchestrations and activities on each run's builder (its fault plan is the kit's)
   * @param scenario starts instances, drives them and returns what must not change under faults
   */
  public static <T> FaultExplorer<T> of(Consumer<DuraflowTestEnvironment.Builder> setup, Scenario<T> scenario) {
    return new FaultExplorer<>(setup, scenario);
  }

  /** Adds a check run after the scenario in every run, the fault-free one included. */
  public FaultExplorer<T> invariant(Invariant invariant) {
    invariants.add(Objects.requireNonNull(invariant, "invariant"));
    return this;
  }

  /**
   * How crashed workers come back in the plans this explorer makes (default {@link FaultPlan.Recovery#RESTART});
   * {@link FaultPlan.Recovery#LEASE_EXPIRY} also moves the virtual clock past the dead worker's leases, which
   * finds code that depends on how long a recovery takes.
   */
  public FaultExplorer<T> recovery(FaultPlan.Recovery value) {
    this.recovery = Objects.requireNonNull(value, "recovery");
    return this;
  }

  /**
   * One run per step and fault kind that fits it: every orchestration step crashed before and after its
   * commit and its lease lost, every activity crashed after running, delivered twice and its lease lost.
   */
  public ExplorationReport checkAllCrashPoints() {
    Baseline<T> baseline = baseline();
    List<FaultPlan> plans = new ArrayList<>();
    for (StepRecord step : baseline.steps) {
      for (FaultKind kind : FaultKind.values()) {
        if (kind.appliesTo(step.kind())) {
          plans.add(FaultPlan.seed(0).at(step.number(), kind).recovery(recovery));
        }
      }
    }
    return runAll(baseline, plans);
  }

  /**
   * {@code runs} runs under random plans ({@link FaultPlan#random}) from seeds {@code seed}, {@code seed + 1},
   * ...: reordered results and one to three faults each.
   */
  public ExplorationReport explore(long seed, int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("explore needs at least one run, was " + runs);
    }
    Baseline<T> baseline = baseline();
    List<StepKind> kinds = baseline.steps.stream().map(StepRecord::kind).toList();
    List<FaultPlan> plans = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      plans.add(FaultPlan.random(seed + i, kinds).recovery(recovery));
    }
    return runAll(baseline, plans);
  }

  /** Runs the scenario under {@code plan} only (to reproduce a reported failure) and reports it. */
  public ExplorationReport check(FaultPlan plan) {
    return runAll(baseline(), List.of(plan));
  }

  private ExplorationReport runAll(Baseline<T> baseline, List<FaultPlan> plans) {
    List<ExplorationReport.Failure> failures = new ArrayList<>();
    int injected = 0;
    for (FaultPlan plan : plans) {
      Run<T> run = runOnce(plan);
      injected += run.injected.size();
      if (run.error != null) {
        failures.add(new ExplorationReport.Failure(plan, run.injected, String.valueOf(baseline.result),
            "threw " + describe(run.error)));
      } else if (!Objects.equals(run.result, baseline.result)) {
        failures.add(new ExplorationReport.Failure(plan, run.injected, String.valueOf(baseline.result),
            String.valueOf(run.result)));
      }
    }
    return new ExplorationReport(String.valueOf(baseline.result), baseline.steps, plans.size(), injected, failures);
  }

  private Baseline<T> baseline() {
    Run<T> run = runOnce(FaultPlan.none());
    if (run.error != null) {
      throw new IllegalStateException("The scenario fails without any fault, so faults cannot be judged: "
          + describe(run.error), run.error);
    }
    return new Baseline<>(run.result, run.steps);
  }

  private Run<T> runOnce(FaultPlan plan) {
    DuraflowTestEnvironment.Builder builder = DuraflowTestEnvironment.builder();
    setup.accept(builder);
    builder.faults(plan);
    try (DuraflowTestEnvironment env = builder.build()) {
      T result = null;
      Throwable error = null;
      try {
        result = scenario.run(env);
        for (Invariant invariant : invariants) {
          invariant.check(env);
        }
      } catch (Exception | AssertionError e) {
        error = e;
      }
      return new Run<>(result, error, List.copyOf(env.steps()), List.copyOf(env.injectedFaults()));
    }
  }

  private static String describe(Throwable t) {
    // One line per failure in the report: AssertJ's messages span several.
    String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
    return t instanceof AssertionError ? "AssertionError: " + message : t.getClass().getSimpleName() + ": " + message;
  }

  private record Baseline<T>(T result, List<StepRecord> steps) {}

  private record Run<T>(T result, Throwable error, List<StepRecord> steps, List<InjectedFault> injected) {}
}
