package io.duraflow.replaycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.history.TaskCompleted;
import io.duraflow.replaycheck.ReplayReport.Outcome;
import io.duraflow.replaycheck.ReplayReport.Result;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The replay check against histories a real engine wrote to a real store: it finds an injected
 * non-determinism, passes a compatible (patched) change, reports instances whose version is missing as
 * such, and writes nothing. Subclasses give the database.
 */
public abstract class ReplayCheckContractTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final AtomicInteger activityRuns = new AtomicInteger();

  /** A new, empty store. */
  protected abstract OrchestrationStore newStore();

  /** The deployed code: reserve, wait for payment, ship. */
  private static final TaskOrchestration DEPLOYED = ctx -> {
    ctx.callActivity("Reserve", null, String.class).await();
    String paid = ctx.waitForExternalEvent("pay", String.class).await();
    return ctx.callActivity("Ship", paid, String.class).await();
  };

  /** The injected non-determinism: the first activity renamed without a patch. */
  private static final TaskOrchestration RENAMED = ctx -> {
    ctx.callActivity("Hold", null, String.class).await();
    String paid = ctx.waitForExternalEvent("pay", String.class).await();
    return ctx.callActivity("Ship", paid, String.class).await();
  };

  /** The same change, patched: old histories keep the old path. */
  private static final TaskOrchestration PATCHED = ctx -> {
    ctx.callActivity(ctx.isPatched("hold") ? "Hold" : "Reserve", null, String.class).await();
    String paid = ctx.waitForExternalEvent("pay", String.class).await();
    return ctx.callActivity("Ship", paid, String.class).await();
  };

  private TaskRegistry registry(TaskOrchestration order) {
    TaskRegistry.Builder b = TaskRegistry.builder().addOrchestration("Order", order);
    for (String activity : List.of("Reserve", "Hold", "Ship")) {
      b.addActivity(activity, ctx -> activity + "#" + activityRuns.incrementAndGet());
    }
    return b.build();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Map<String, Result> byId(ReplayReport report) {
    return report.results().stream().collect(Collectors.toMap(Result::instanceId, Function.identity()));
  }

  @Test
  void replayCheck_injectedNonDeterminism_isFound_aPatchedChangePasses_andNothingIsWritten() throws Exception {
    try (OrchestrationStore store = newStore()) {
      String live;
      String finished;
      String otherVersion;
      TaskRegistry deployed = TaskRegistry.builder().addAll(registry(DEPLOYED))
          .addOrchestration("Other", "1", ctx -> ctx.waitForExternalEvent("never", String.class).await()).build();
      try (DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(deployed).build().start()) {
        DurableClient client = engine.client();
        live = client.startNew("Order", null);
        finished = client.startNew("Order", null);
        otherVersion = client.startNew("Other", null);
        for (String id : List.of(live, finished)) {
          await("reserved " + id, () -> client.getHistory(id).stream().anyMatch(TaskCompleted.class::isInstance));
        }
        client.raiseEvent(finished, "pay", "card");
        assertThat(client.waitForCompletion(finished, WAIT).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        await("other started", () -> client.getInstance(otherVersion).orElseThrow().historySize() > 0);
      }
      List<InstanceRecord> rowsBefore = rows(store);
      Map<String, Integer> historyBefore = historySizes(store, rowsBefore);
      int runsBefore = activityRuns.get();

      ReplayReport broken = ReplayCheck.against(store, registry(RENAMED)).includeCompleted(5).run();

      Map<String, Result> results = byId(broken);
      assertThat(broken.compatible()).isFalse();
      assertThat(results.get(live).outcome()).isEqualTo(Outcome.NON_DETERMINISTIC);
      assertThat(results.get(live).detail()).contains("TaskScheduled #0 'Reserve'").contains("ScheduleTask 'Hold'");
      assertThat(results.get(finished).outcome()).as("the completed sample").isEqualTo(Outcome.NON_DETERMINISTIC);
      assertThat(results.get(otherVersion).outcome()).isEqualTo(Outcome.CODE_MISSING);
      assertThat(results.get(otherVersion).version()).isEqualTo("1");
      assertThat(broken.incompatible()).extracting(Result::instanceId).containsExactlyInAnyOrder(live, finished);
      assertThat(broken.toString()).contains(live).contains("ScheduleTask 'Hold'");

      ReplayReport patched = ReplayCheck.against(store, registry(PATCHED)).includeCompleted(5).run();
      assertThat(patched.compatible()).as(patched::toString).isTrue();
      assertThat(byId(patched).get(live).outcome()).isEqualTo(Outcome.COMPATIBLE);
      assertThat(byId(patched).get(finished).outcome()).isEqualTo(Outcome.COMPATIBLE);

      ReplayReport liveOnly = ReplayCheck.against(store, registry(DEPLOYED)).orchestration("Order").run();
      assertThat(liveOnly.results()).extracting(Result::instanceId).containsExactly(live);
      assertThat(liveOnly.compatible()).isTrue();

      assertThat(activityRuns.get()).as("no activity ran").isEqualTo(runsBefore);
      assertThat(rows(store)).as("instances unchanged").isEqualTo(rowsBefore);
      assertThat(historySizes(store, rowsBefore)).as("histories unchanged").isEqualTo(historyBefore);
    }
  }

  private static List<InstanceRecord> rows(OrchestrationStore store) {
    return store.queryInstances(DuraflowEngine.DEFAULT_TASK_HUB,
        new io.duraflow.store.InstanceQuery(java.util.Set.of(), null, null, null, 100, null)).instances();
  }

  private static Map<String, Integer> historySizes(OrchestrationStore store, List<InstanceRecord> rows) {
    return rows.stream().collect(Collectors.toMap(InstanceRecord::instanceId,
        r -> store.getHistory(DuraflowEngine.DEFAULT_TASK_HUB, r.instanceId()).size()));
  }
}
