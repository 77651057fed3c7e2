package io.duraflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.Task;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.history.TaskCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each fault kind really happens where the plan says, and the orchestration still ends the same way. */
class FaultInjectionTest {
  private static final String ID = "pipeline-1";
  /** How often the orchestration code started from its first line: once, plus once per replay from history. */
  private final AtomicInteger executions = new AtomicInteger();

  /** A, then four B at once, then C. */
  private final TaskOrchestration pipeline = ctx -> {
    executions.incrementAndGet();
    String a = ctx.callActivity("A", "a", String.class).await();
    List<Task<String>> fanOut = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fanOut.add(ctx.callActivity("B", i, String.class));
    }
    List<String> bs = ctx.allOf(fanOut).await();
    return ctx.callActivity("C", a + bs, String.class).await();
  };

  private DuraflowTestEnvironment env(FaultPlan plan) {
    return DuraflowTestEnvironment.builder().faults(plan).orchestration("Pipeline", pipeline)
        .activity("A", ctx -> "A")
        .activity("B", ctx -> "B" + ctx.getInput(Integer.class))
        .activity("C", ctx -> "C(" + ctx.getInput(String.class) + ")").build();
  }

  /** The fault-free run: its outcome, steps, code executions and activity calls. */
  private record Run(Outcome outcome, List<StepRecord> steps, List<InjectedFault> injected, int executions,
      int callsOfA, int callsOfB, List<Integer> completionOrder) {}

  private Run run(FaultPlan plan) {
    executions.set(0);
    try (DuraflowTestEnvironment env = env(plan)) {
      env.start("Pipeline", null, ID);
      env.runUntilIdle();
      List<Integer> order = env.history(ID).stream().filter(TaskCompleted.class::isInstance)
          .map(e -> ((TaskCompleted) e).taskScheduledId()).toList();
      return new Run(env.outcome(ID), List.copyOf(env.steps()), List.copyOf(env.injectedFaults()), executions.get(),
          env.activityCalls("A"), env.activityCalls("B"), order);
    }
  }

  private static StepRecord first(List<StepRecord> steps, StepKind kind, String name, int after) {
    return steps.stream().filter(s -> s.kind() == kind && s.name().equals(name) && s.number() > after).findFirst()
        .orElseThrow();
  }

  @Test
  void faultFreeRun_completesAndRepeatsStepForStep() {
    Run a = run(FaultPlan.none());
    Run b = run(FaultPlan.none());
    assertThat(a.outcome().status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(a.outcome().output()).contains("C(A[B0, B1, B2, B3])");
    assertThat(a.steps()).isEqualTo(b.steps());
    assertThat(a.executions()).as("the session stays loaded between steps").isEqualTo(1);
    assertThat(a.injected()).isEmpty();
  }

  @Test
  void crashBeforeCommit_stepIsReplayedFromHistory() {
    Run baseline = run(FaultPlan.none());
    StepRecord fanOutStep = first(baseline.steps(), StepKind.ORCHESTRATION, "Pipeline", 1);
    Run faulted = run(FaultPlan.seed(7).crashAt(fanOutStep.number(), FaultKind.BEFORE_COMMIT));
    assertThat(faulted.injected()).containsExactly(new InjectedFault(FaultKind.BEFORE_COMMIT, fanOutStep));
    assertThat(faulted.executions()).isEqualTo(baseline.executions() + 1);
    assertThat(faulted.callsOfB()).as("the lost commit scheduled nothing").isEqualTo(baseline.callsOfB());
    assertThat(faulted.outcome()).isEqualTo(baseline.outcome());
  }

  @Test
  void crashAfterCommit_nextStepReplaysBecauseTheSessionIsGone() {
    Run baseline = run(FaultPlan.none());
    StepRecord step = first(baseline.steps(), StepKind.ORCHESTRATION, "Pipeline", 1);
    Run faulted = run(FaultPlan.seed(7).crashAt(step.number(), FaultKind.AFTER_COMMIT));
    assertThat(faulted.injected()).extracting(InjectedFault::kind).containsExactly(FaultKind.AFTER_COMMIT);
    assertThat(faulted.executions()).isEqualTo(baseline.executions() + 1);
    assertThat(faulted.callsOfB()).isEqualTo(baseline.callsOfB());
    assertThat(faulted.outcome()).isEqualTo(baseline.outcome());
  }

  @Test
  void crashAfterActivity_activityRunsAgainAndTheSessionIsReplayed() {
    Run baseline = run(FaultPlan.none());
    StepRecord a = first(baseline.steps(), StepKind.ACTIVITY, "A", 0);
    Run faulted = run(FaultPlan.seed(7).crashAt(a.number(), FaultKind.AFTER_ACTIVITY));
    assertThat(faulted.injected()).containsExactly(new InjectedFault(FaultKind.AFTER_ACTIVITY, a));
    assertThat(faulted.callsOfA()).isEqualTo(baseline.callsOfA() + 1);
    assertThat(faulted.executions()).isEqualTo(baseline.executions() + 1);
    assertThat(faulted.outcome()).isEqualTo(baseline.outcome());
  }

  @Test
  void duplicateDelivery_activityRunsTwiceWithoutACrash() {
    Run baseline = run(FaultPlan.none());
    StepRecord b = first(baseline.steps(), StepKind.ACTIVITY, "B", 0);
    Run faulted = run(FaultPlan.seed(7).duplicateAt(b.number()));
    assertThat(faulted.injected()).containsExactly(new InjectedFault(FaultKind.DUPLICATE_DELIVERY, b));
    assertThat(faulted.callsOfB()).isEqualTo(baseline.callsOfB() + 1);
    assertThat(faulted.executions()).as("no process died").isEqualTo(baseline.executions());
    assertThat(faulted.outcome()).isEqualTo(baseline.outcome());
  }

  @Test
  void lostLease_onAStep_theStoreRejectsTheCommitAndTheStepIsDoneAgain() {
    Run baseline = run(FaultPlan.none());
    StepRecord step = first(baseline.steps(), StepKind.ORCHESTRATION, "Pipeline", 1);
    Run faulted = run(FaultPlan.seed(7).loseLeaseAt(step.number()));
    assertThat(faulted.injected()).containsExactly(new InjectedFault(FaultKind.LOSE_LEASE, step));
    assertThat(faulted.executions()).isEqualTo(baseline.executions() + 1);
    assertThat(faulted.steps()).hasSize(baseline.steps().size() + 1);
    assertThat(faulted.outcome()).isEqualTo(baseline.outcome());
  }

  @Test
  void lostLease_onAnActivity_itsResultIsRejectedAndItRunsAgain() {
    Run baseline = run(FaultPlan.none());
    StepRecord a = first(baseline.steps(), StepKind.ACTIVITY, "A", 0);
    Run faulted = run(FaultPlan.seed(7).loseLeaseAt(a.number()));
    assertThat(faulted.callsOfA()).isEqualTo(baseline.callsOfA() + 1);
    assertThat(faulted.outcome()).isEqualTo(baseline.outcome());
  }

  @Test
  void leaseExpiryRecovery_movesTheVirtualClockPastTheDeadWorkersLease() {
    executions.set(0);
    try (DuraflowTestEnvironment env = env(FaultPlan.seed(7).crashAt(1, FaultKind.AFTER_COMMIT)
        .recovery(FaultPlan.Recovery.LEASE_EXPIRY))) {
      var start = env.now();
      env.start("Pipeline", null, ID);
      env.runUntilIdle();
      assertThat(env.instance(ID).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(Duration.between(start, env.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
      assertThat(env.injectedFaults()).hasSize(1);
    }
  }

  @Test
  void reorderedResults_sameSeedSameOrder_otherSeedsOtherOrders_sameOutcome() {
    Run baseline = run(FaultPlan.none());
    Run again = run(FaultPlan.seed(3).reorderResults());
    assertThat(run(FaultPlan.seed(3).reorderResults()).completionOrder()).isEqualTo(again.completionOrder());
    Set<List<Integer>> orders = new HashSet<>();
    for (long seed = 1; seed <= 12; seed++) {
      Run r = run(FaultPlan.seed(seed).reorderResults());
      orders.add(r.completionOrder());
      assertThat(r.outcome()).as("seed %d", seed).isEqualTo(baseline.outcome());
    }
    assertThat(orders).as("fan-out results completed in different orders").hasSizeGreaterThan(1);
  }

  @Test
  void reorderedResults_anyOf_seesADifferentWinnerUnderSomeSeeds() {
    // Code that takes the first of a fan-out depends on completion order: reordering must reach the code,
    // not only the history, so the explorer can flag "first wins" logic that assumes an order.
    TaskOrchestration race = ctx -> {
      List<Task<?>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(ctx.callActivity("B", i, String.class));
      }
      return ctx.anyOf(calls).await().await();
    };
    Set<String> winners = new HashSet<>();
    for (long seed = 1; seed <= 12; seed++) {
      try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().faults(FaultPlan.seed(seed).reorderResults())
          .orchestration("Race", race).activity("B", ctx -> "B" + ctx.getInput(Integer.class)).build()) {
        winners.add(env.output(env.run("Race", null), String.class));
      }
    }
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().orchestration("Race", race)
        .activity("B", ctx -> "B" + ctx.getInput(Integer.class)).build()) {
      assertThat(env.output(env.run("Race", null), String.class)).as("without reordering: claim order").isEqualTo("B0");
    }
    assertThat(winners).hasSizeGreaterThan(1);
  }

  @Test
  void randomPlan_sameSeed_injectsTheSameFaultsAtTheSameSteps() {
    List<StepKind> kinds = run(FaultPlan.none()).steps().stream().map(StepRecord::kind).toList();
    assertThat(FaultPlan.random(42, kinds)).isEqualTo(FaultPlan.random(42, kinds));
    Run first = run(FaultPlan.random(42, kinds));
    Run second = run(FaultPlan.random(42, kinds));
    assertThat(first.injected()).isNotEmpty().isEqualTo(second.injected());
    assertThat(first.steps()).isEqualTo(second.steps());
    assertThat(first.completionOrder()).isEqualTo(second.completionOrder());
  }

  @Test
  void faultPlan_printsTheExpressionThatRebuildsIt() {
    assertThat(FaultPlan.seed(1234).crashAt(3, FaultKind.AFTER_ACTIVITY))
        .hasToString("FaultPlan.seed(1234).crashAt(3, AFTER_ACTIVITY)");
    assertThat(FaultPlan.seed(5).reorderResults().duplicateAt(2).loseLeaseAt(4))
        .hasToString("FaultPlan.seed(5).reorderResults().duplicateAt(2).loseLeaseAt(4)");
  }
}
