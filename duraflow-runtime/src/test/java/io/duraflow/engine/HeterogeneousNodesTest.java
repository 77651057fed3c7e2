package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.history.TaskFailed;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes with different code share one store: each claims only what it can run, so work that one node
 * lacks the code for waits for a node that has it instead of failing.
 */
class HeterogeneousNodesTest {
  @TempDir Path dir;

  /** Knows the orchestration "Greet" and a marker orchestration, not the activity "Shout". */
  private static TaskRegistry orchestrationsOnly() {
    return TaskRegistry.builder()
        .addOrchestration("Greet", ctx -> ctx.callActivity("Shout", ctx.getInput(String.class), String.class).await() + "!")
        .addOrchestration("Marker", ctx -> ctx.callActivity("Echo", ctx.getInput(String.class), String.class).await())
        .addActivity("Echo", ctx -> ctx.getInput(String.class))
        .build();
  }

  /** Knows the activity "Shout" and the orchestration "Only-B", and nothing node A has. */
  private static TaskRegistry activitiesAndOnlyB() {
    return TaskRegistry.builder()
        .addActivity("Shout", ctx -> ctx.getInput(String.class).toUpperCase(Locale.ROOT))
        .addOrchestration("Only-B", ctx -> "ran on b: " + ctx.getInput(String.class))
        .build();
  }

  @Test
  void workANodeLacksTheCodeFor_waitsForANodeThatHasIt_andNeverFails() throws Exception {
    try (OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine a = DuraflowEngine.builder().store(store).registry(orchestrationsOnly()).build().start()) {
      // A client that accepts any name, as an API-only node would.
      DurableClient anyName = new StoreDurableClient(store, null, new JacksonDataConverter(), Clock.systemUTC(),
          DuraflowEngine.DEFAULT_TASK_HUB);
      String greet = a.client().startNew("Greet", "hello");
      String onlyB = anyName.startNew("Only-B", "x");
      // Work queued after both: once node A has finished it, A has polled past the instance and the activity
      // it has no code for.
      assertThat(a.client().isRegistered("Only-B")).as("no running worker has it yet").isFalse();
      String marker = a.client().startNew("Marker", "m");
      assertThat(a.client().waitForCompletion(marker, Duration.ofSeconds(30)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(a.client().getInstance(greet).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
      assertThat(a.client().getInstance(onlyB).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);

      try (DuraflowEngine b = DuraflowEngine.builder().store(store).registry(activitiesAndOnlyB()).build().start()) {
        InstanceRecord greeted = a.client().waitForCompletion(greet, Duration.ofSeconds(30));
        assertThat(greeted.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(greeted.output()).isEqualTo("\"HELLO!\"");
        assertThat(a.client().getHistory(greet)).noneMatch(e -> e instanceof TaskFailed);
        InstanceRecord ranOnB = anyName.waitForCompletion(onlyB, Duration.ofSeconds(30));
        assertThat(ranOnB.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(ranOnB.output()).isEqualTo("\"ran on b: x\"");

        // Node B announces its code, so node A's own client now accepts starts of what only B can run.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!a.client().isRegistered("Only-B")) { // B's first heartbeat runs as it starts, on its own thread
          assertThat(System.nanoTime()).as("node B announced its code").isLessThan(deadline);
          Thread.sleep(20);
        }
        assertThat(a.client().knownOrchestrations()).contains("Greet", "Marker", "Only-B");
        String viaA = a.client().startNew("Only-B", "y");
        assertThat(a.client().waitForCompletion(viaA, Duration.ofSeconds(30)).output()).isEqualTo("\"ran on b: y\"");
      }
    }
  }
}
