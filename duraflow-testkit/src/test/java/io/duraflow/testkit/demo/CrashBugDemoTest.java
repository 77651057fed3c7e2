package io.duraflow.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.TaskActivity;
import io.duraflow.testkit.DuraflowTestEnvironment;
import io.duraflow.testkit.ExplorationReport;
import io.duraflow.testkit.FaultExplorer;
import io.duraflow.testkit.FaultKind;
import io.duraflow.testkit.FaultPlan;
import io.duraflow.testkit.Outcome;
import io.duraflow.testkit.StepKind;
import io.duraflow.testkit.StepRecord;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The kit's acceptance demo: it finds a bug that only a crash at one step shows (a non-idempotent charge
 * run twice), names that step and the plan to reproduce it, and passes the fixed version.
 */
class CrashBugDemoTest {
  private static final String ORDER = "order-1";

  /** Each run gets fresh payments, stubbed in as the Charge activity chosen by {@code charge}. */
  private static FaultExplorer<Outcome> explorer(Function<PlaceOrder.Payments, TaskActivity> charge) {
    return FaultExplorer.of(
        b -> {
          b.orchestration(PlaceOrder.NAME, PlaceOrder.orchestration()).stubActivity("Charge", ctx -> null);
          PlaceOrder.otherActivities().forEach(b::activity);
        },
        env -> {
          PlaceOrder.Payments payments = new PlaceOrder.Payments();
          env.stubActivity("Charge", charge.apply(payments));
          String id = env.start(PlaceOrder.NAME, ORDER, ORDER);
          env.runUntilIdle();
          assertThat(payments.chargesOf(ORDER)).as("charges of " + ORDER).isEqualTo(1);
          return env.outcome(id);
        });
  }

  @Test
  void checkAllCrashPoints_nonIdempotentCharge_isFoundAtTheChargeStepOnly() {
    ExplorationReport report = explorer(PlaceOrder.Payments::chargeEveryCall).checkAllCrashPoints();

    StepRecord chargeStep = report.baselineSteps().stream()
        .filter(s -> s.kind() == StepKind.ACTIVITY && s.name().equals("Charge")).findFirst().orElseThrow();
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).allSatisfy(f -> {
      assertThat(f.injected()).singleElement().satisfies(fault -> assertThat(fault.step()).isEqualTo(chargeStep));
      assertThat(f.actual()).contains("charges of " + ORDER).contains("1");
    });
    assertThat(report.failures()).extracting(f -> f.injected().get(0).kind())
        .containsExactlyInAnyOrder(FaultKind.AFTER_ACTIVITY, FaultKind.LOSE_LEASE, FaultKind.DUPLICATE_DELIVERY);
    // The report names the plan (with its seed) and the step, so the failure can be rerun alone.
    String expected = FaultPlan.seed(0).crashAt(chargeStep.number(), FaultKind.AFTER_ACTIVITY).toString();
    assertThat(report.toString()).contains(expected).contains("seed 0")
        .contains("step " + chargeStep.number() + " (activity 'Charge'");
    assertThat(report.runs()).as("every step was tried").isGreaterThan(report.baselineSteps().size());

    // The reported plan reproduces the failure on its own.
    FaultPlan reported = report.failures().get(0).plan();
    assertThat(explorer(PlaceOrder.Payments::chargeEveryCall).check(reported).failures())
        .singleElement().satisfies(f -> assertThat(f.plan()).isEqualTo(reported));
  }

  @Test
  void checkAllCrashPoints_idempotentCharge_passes() {
    ExplorationReport report = explorer(PlaceOrder.Payments::chargeOnce).checkAllCrashPoints();
    report.assertNoFailures();
    assertThat(report.faultsInjected()).isEqualTo(report.runs());
  }

  @Test
  void explore_idempotentCharge_passesUnderRandomFaultsAndReordering() {
    explorer(PlaceOrder.Payments::chargeOnce).explore(2026, 8).assertNoFailures();
  }

  @Test
  void faultFreeRun_ofTheBuggyVersion_passes() {
    // Why the bug survives ordinary tests: without a fault the charge runs once.
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder()
        .orchestration(PlaceOrder.NAME, PlaceOrder.orchestration())
        .stubActivity("Charge", new PlaceOrder.Payments().chargeEveryCall())
        .activity("Reserve", PlaceOrder.otherActivities().get("Reserve"))
        .activity("Ship", PlaceOrder.otherActivities().get("Ship")).build()) {
      String id = env.run(PlaceOrder.NAME, ORDER);
      assertThat(env.output(id, String.class)).isEqualTo(ORDER + " reserved R-" + ORDER + ", paid receipt-" + ORDER);
    }
  }
}
