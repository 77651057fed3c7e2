package io.duraflow.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskOrchestrationContext;
import io.duraflow.testkit.DuraflowTestEnvironment;
import io.duraflow.testkit.ExplorationReport;
import io.duraflow.testkit.FaultExplorer;
import io.duraflow.testkit.FaultKind;
import io.duraflow.testkit.Outcome;
import io.duraflow.testkit.StepKind;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The other kind of bug the kit finds: orchestration code that keeps state in memory instead of history.
 * It works as long as the session stays loaded, and changes its decision when a crash makes the worker
 * replay the instance after the state was set.
 */
class ReplayBugDemoTest {
  /** The bug: "first order" is remembered in a field, which a replay sees already set. */
  static final class FirstOrderDiscountInMemory implements TaskOrchestration {
    private final Set<String> discounted = new HashSet<>();

    @Override
    public Object run(TaskOrchestrationContext ctx) {
      String customer = ctx.getInput(String.class);
      int price = ctx.callActivity("Quote", customer, Integer.class).await();
      if (discounted.add(customer)) {
        price -= 10;
      }
      return ctx.callActivity("Charge", price, Integer.class).await();
    }
  }

  /** The fix: the decision comes from an activity, so it is recorded in history and replayed as it was. */
  static final class FirstOrderDiscountFromHistory implements TaskOrchestration {
    @Override
    public Object run(TaskOrchestrationContext ctx) {
      String customer = ctx.getInput(String.class);
      int price = ctx.callActivity("Quote", customer, Integer.class).await();
      if (ctx.callActivity("IsFirstOrder", customer, Boolean.class).await()) {
        price -= 10;
      }
      return ctx.callActivity("Charge", price, Integer.class).await();
    }
  }

  private static FaultExplorer<Outcome> explorer(Supplier<TaskOrchestration> orchestration) {
    return FaultExplorer.of(
        b -> b.orchestration("Discount", orchestration.get())
            .activity("Quote", ctx -> 100)
            .activity("IsFirstOrder", ctx -> true)
            .activity("Charge", ctx -> ctx.getInput(Integer.class)),
        env -> env.outcome(env.run("Discount", "alice")));
  }

  @Test
  void checkAllCrashPoints_stateInAField_isFoundOnlyInTheStepThatDecides() {
    ExplorationReport report = explorer(FirstOrderDiscountInMemory::new).checkAllCrashPoints();
    assertThat(report.passed()).isFalse();
    assertThat(report.expected()).contains("90");
    assertThat(report.failures()).allSatisfy(f -> assertThat(f.actual()).contains("100"));
    // Only a replay of the step that applies the discount and schedules Charge changes the price: before
    // it the field is still empty, after it the charge is in history and replays as it was.
    assertThat(report.failures()).extracting(f -> f.injected().get(0).step().number()).containsOnly(
        report.baselineSteps().stream().filter(s -> s.kind() == StepKind.ACTIVITY && s.name().equals("Quote"))
            .findFirst().orElseThrow().number() + 1);
    assertThat(report.failures()).extracting(f -> f.injected().get(0).kind())
        .containsExactlyInAnyOrder(FaultKind.BEFORE_COMMIT, FaultKind.LOSE_LEASE);
  }

  @Test
  void checkAllCrashPoints_stateFromHistory_passes() {
    explorer(FirstOrderDiscountFromHistory::new).checkAllCrashPoints().assertNoFailures();
  }

  @Test
  void sessionCacheOff_replayingEveryStep_doesNotFindIt_onlyTheCrashInThatStepDoes() {
    // Replaying from history at every step runs the code with the field set only after the charge was
    // recorded, so the output stays right: this bug needs a crash in the deciding step to show.
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().sessionCacheSize(0)
        .orchestration("Discount", new FirstOrderDiscountInMemory())
        .activity("Quote", ctx -> 100).activity("Charge", ctx -> ctx.getInput(Integer.class)).build()) {
      assertThat(env.output(env.run("Discount", "alice"), Integer.class)).isEqualTo(90);
    }
  }
}
