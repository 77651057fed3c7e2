package io.duraflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.client.StartOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the environment's worker does beyond single instances: children, scheduled starts, events, determinism. */
class EngineFeaturesTest {
  /** A parent that waits a week for its child, which waits a day for itself. */
  private static final TaskOrchestration PARENT = ctx -> {
    ctx.createTimer(Duration.ofDays(7)).await();
    String child = ctx.callSubOrchestrator("Child", "c", ctx.getInstanceId() + "-child", String.class).await();
    return "parent got " + child;
  };
  private static final TaskOrchestration CHILD = ctx -> {
    ctx.createTimer(Duration.ofDays(1)).await();
    return ctx.callActivity("Work", ctx.getInput(String.class), String.class).await();
  };

  private static DuraflowTestEnvironment.Builder family(DuraflowTestEnvironment.Builder b) {
    return b.orchestration("Parent", PARENT).orchestration("Child", CHILD).activity("Work", ctx -> "work on " + ctx.getInput(String.class));
  }

  @Test
  void subOrchestration_runsInVirtualTimeAndReportsToItsParent() {
    try (DuraflowTestEnvironment env = family(DuraflowTestEnvironment.builder()).build()) {
      String id = env.start("Parent", null, "p");
      env.advance(Duration.ofDays(8).minusMillis(1));
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
      assertThat(env.instance("p-child").runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
      env.advance(Duration.ofMillis(1));
      assertThat(env.output(id, String.class)).isEqualTo("parent got work on c");
    }
  }

  @Test
  void subOrchestration_everyCrashPointOfParentAndChild_sameResult() {
    ExplorationReport report = FaultExplorer.of(EngineFeaturesTest::family, env -> {
      String id = env.start("Parent", null, "p");
      env.advance(Duration.ofDays(9));
      return env.outcome(id);
    }).checkAllCrashPoints();
    report.assertNoFailures();
    assertThat(report.baselineSteps()).extracting(StepRecord::instanceId).contains("p", "p-child");
  }

  @Test
  void versionedOrchestration_eachInstanceRunsTheVersionItStartedOn() {
    io.duraflow.api.TaskRegistry versions = io.duraflow.api.TaskRegistry.builder()
        .addOrchestration("Quote", "1", ctx -> "v1 " + ctx.getInput(String.class))
        .addOrchestration("Quote", "2", ctx -> "v2 " + ctx.getInput(String.class))
        .build();
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().registry(versions).build()) {
      String latest = env.start("Quote", "a");
      String old = env.client().startNew("Quote", "b", StartOptions.defaults().withVersion("1"));
      env.runUntilIdle();
      assertThat(env.output(latest, String.class)).isEqualTo("v2 a");
      assertThat(env.output(old, String.class)).isEqualTo("v1 b");
    }
  }

  @Test
  void scheduledStart_beginsWhenTheVirtualClockReachesIt() {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder()
        .orchestration("Now", ctx -> ctx.currentInstant().toString()).build()) {
      Instant at = env.now().plus(Duration.ofHours(6));
      String id = env.client().startNew("Now", null, new StartOptions("later", at));
      env.advance(Duration.ofHours(6).minusMillis(1));
      assertThat(env.instance(id).output()).isNull();
      env.advance(Duration.ofHours(1));
      assertThat(env.output(id, String.class)).isEqualTo(at.toString());
    }
  }

  @Test
  void changedCode_isReportedAsNonDeterminismByTheExplorer() {
    // A "crash" that makes the worker replay with code whose choice depends on a counter outside history.
    int[] runs = {0};
    ExplorationReport report = FaultExplorer.of(
        b -> b.orchestration("Flip", ctx -> {
          String name = runs[0]++ % 2 == 0 ? "A" : "B"; // flips on every execution, replays included
          return ctx.callActivity(name, null, String.class).await();
        }).activity("A", ctx -> "a").activity("B", ctx -> "b"),
        env -> {
          runs[0] = 0;
          return env.outcome(env.run("Flip", null));
        }).checkAllCrashPoints();
    assertThat(report.failures()).isNotEmpty().anySatisfy(f ->
        assertThat(f.actual()).contains("FAILED").contains("NonDeterministicOrchestrationException"));
  }

  @Test
  void explore_sameSeed_sameReport() {
    FaultExplorer<Outcome> explorer = FaultExplorer.of(EngineFeaturesTest::family, env -> {
      String id = env.start("Parent", null, "p");
      env.advance(Duration.ofDays(9));
      return env.outcome(id);
    });
    ExplorationReport first = explorer.explore(99, 4);
    ExplorationReport second = explorer.explore(99, 4);
    assertThat(first.faultsInjected()).isPositive().isEqualTo(second.faultsInjected());
    assertThat(first.toString()).isEqualTo(second.toString());
    assertThat(List.of(first.runs(), first.failures().size())).containsExactly(4, 0);
  }
}
