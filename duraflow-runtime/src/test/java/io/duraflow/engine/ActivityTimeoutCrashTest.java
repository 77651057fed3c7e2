package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.ActivityOptions;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.TaskActivityContext;
import io.duraflow.api.TaskOrchestrationContext;
import io.duraflow.history.TaskFailed;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node SIGKILLed while it runs an activity attempt with a start-to-close timeout, holding a ten-minute
 * lease: the timeout still fires, on another node, and the retry runs there.
 */
@Tag("slow")
class ActivityTimeoutCrashTest {
  static final String ORCHESTRATION = "TimedOnCrashingNode";
  static final String ACTIVITY = "HangsOnCrashingNode";
  /** Set in the surviving node's JVM (this one): the retry completes here. */
  private static volatile boolean survivor;

  @TempDir Path dataDir;

  static Object orchestration(TaskOrchestrationContext ctx) {
    return ctx.callActivity(ACTIVITY, ctx.getInput(String.class), ActivityOptions.builder()
        .startToClose(Duration.ofSeconds(1)).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(100))).build(),
        String.class).await();
  }

  /** On the child node: marks that it runs, then hangs until the JVM is killed. */
  static Object hangOnThisNode(TaskActivityContext ctx) throws Exception {
    if (survivor) {
      return "retried on the surviving node";
    }
    Files.writeString(Path.of(ctx.getInput(String.class)), "running");
    Thread.sleep(Duration.ofMinutes(10).toMillis());
    return "never";
  }

  @Test
  void sigkilledNodeRunningATimedActivity_timeoutFiresOnAnotherNode() throws Exception {
    Path running = dataDir.resolve("attempt-running");
    String id;
    try (ChildNode doomed = ChildNode.start(null, dataDir, "doomed", List.of(NodeMain.LEASE_SECONDS + "600"))) {
      try (OrchestrationStore store = OrchestrationStores.open(null, dataDir, StoreOptions.defaults())) {
        // A client only: no worker in this JVM yet, so the child node claims the attempt.
        id = new io.duraflow.client.StoreDurableClient(store, NodeMain.registry(), new io.duraflow.json.JacksonDataConverter(),
            java.time.Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB).startNew(ORCHESTRATION, running.toString());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(running)) {
        assertThat(System.nanoTime()).as("the child node started the attempt; its log:\n%s", doomed.output()).isLessThan(deadline);
        Thread.sleep(20);
      }
      doomed.kill();
    }

    survivor = true;
    try (OrchestrationStore store = OrchestrationStores.open(null, dataDir, StoreOptions.defaults());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(NodeMain.registry())
            .workerOptions(WorkerOptions.defaults("survivor")).build().start()) {
      InstanceRecord done = engine.client().waitForCompletion(id, Duration.ofSeconds(60));
      assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(done.output()).isEqualTo("\"retried on the surviving node\"");
      assertThat(engine.client().getHistory(id)).filteredOn(TaskFailed.class::isInstance).singleElement()
          .satisfies(f -> assertThat(((TaskFailed) f).failureDetails().errorType())
              .isEqualTo("duraflow.ActivityTimeout.StartToClose"));
    } finally {
      survivor = false;
    }
  }
}
