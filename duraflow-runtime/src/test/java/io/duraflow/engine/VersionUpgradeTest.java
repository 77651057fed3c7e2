package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.SubOrchestrationOptions;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StartOptions;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code upgraded under running instances: instances keep running on the version they started on, new ones
 * start on the new default, and a node without an instance's version leaves it (waiting, never failed)
 * for a node that has it.
 */
class VersionUpgradeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  /** A new, empty store; {@link PostgresVersionUpgradeTest} runs the same on PostgreSQL. */
  protected OrchestrationStore newStore() {
    return TestDatabases.sqlite(dir, Clock.systemUTC());
  }

  /** v1: waits for "go", then greets politely. */
  private static final TaskOrchestration V1 = ctx -> {
    String who = ctx.waitForExternalEvent("go", String.class).await();
    return ctx.callActivity("Greet", who, String.class).await();
  };

  /** v2: waits for "go", then shouts: another activity, so v1 histories would not replay on it. */
  private static final TaskOrchestration V2 = ctx -> {
    String who = ctx.waitForExternalEvent("go", String.class).await();
    return ctx.callActivity("Shout", who, String.class).await() + " (v" + ctx.getVersion() + ")";
  };

  private static TaskRegistry.Builder activities() {
    return TaskRegistry.builder()
        .addActivity("Greet", ctx -> "hello " + ctx.getInput(String.class))
        .addActivity("Shout", ctx -> "HELLO " + ctx.getInput(String.class).toUpperCase(Locale.ROOT));
  }

  private static DuraflowEngine engine(OrchestrationStore store, TaskRegistry registry, String nodeId) {
    // No grace for missing code: a missing name would fail at the next heartbeat, a missing version must not.
    return DuraflowEngine.builder().store(store).registry(registry).workerOptions(
        WorkerOptions.defaults(nodeId).withMissingCodeGrace(Duration.ZERO)).build().start();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String version(DurableClient client, String id) {
    return client.getHistory(id).stream().filter(ExecutionStarted.class::isInstance).map(e -> ((ExecutionStarted) e).version())
        .findFirst().orElseThrow();
  }

  @Test
  void upgrade_oldInstancesFinishOnTheirVersion_newOnesStartOnTheNew_andANodeWithoutTheVersionLeavesThem()
      throws Exception {
    try (OrchestrationStore store = newStore()) {
      String old1;
      String old2;
      try (DuraflowEngine v1Node = engine(store, activities().addOrchestration("Hello", "1", V1).build(), "node-v1")) {
        DurableClient client = v1Node.client();
        old1 = client.startNew("Hello", null);
        old2 = client.startNew("Hello", null);
        for (String id : Set.of(old1, old2)) {
          await("instance " + id + " started", () -> client.getInstance(id).orElseThrow().runtimeStatus()
              == OrchestrationRuntimeStatus.RUNNING);
        }
        assertThat(version(client, old1)).isEqualTo("1");
        assertThat(client.getInstance(old1).orElseThrow().version()).isEqualTo("1");
      }

      // The old code is gone: a node with v2 only. Its new instances run v2; v1 instances wait for v1.
      try (DuraflowEngine v2Only = engine(store, activities().addOrchestration("Hello", "2", V2).build(), "node-v2")) {
        DurableClient client = v2Only.client();
        client.raiseEvent(old1, "go", "ada");
        String fresh = client.startNew("Hello", null);
        client.raiseEvent(fresh, "go", "bob");
        InstanceRecord freshDone = client.waitForCompletion(fresh, WAIT);
        assertThat(freshDone.output()).isEqualTo("\"HELLO BOB (v2)\"");
        assertThat(freshDone.version()).isEqualTo("2");

        await("the v2 node reports the v1 instances as waiting for their version",
            () -> v2Only.worker().missingCode().contains("orchestration-version:Hello@1"));
        assertThat(client.isRegistered("Hello", "1")).isFalse();
        // One heartbeat later (a missing name would have failed in the tick that saw it, at zero grace).
        java.time.Instant reported = heartbeat(store, "node-v2");
        await("another heartbeat", () -> heartbeat(store, "node-v2").isAfter(reported));
        assertThat(client.getInstance(old1).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
        assertThat(client.getInstance(old2).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
        assertThat(client.queryInstances(new InstanceQuery(Set.of(), null, null, null, 100, null, "Hello").withVersion("1"))
            .instances()).extracting(InstanceRecord::instanceId).containsExactlyInAnyOrder(old1, old2);
        assertThatThrownBy(() -> client.startNew("Hello", null, StartOptions.defaults().withVersion("1")))
            .hasMessageContaining("has no version '1'").hasMessageContaining("known versions: 2");

        // A node with both versions joins: the v1 instances finish on v1's code.
        try (DuraflowEngine both = engine(store,
            activities().addOrchestration("Hello", "1", V1).addOrchestration("Hello", "2", V2).build(), "node-both")) {
          InstanceRecord done1 = both.client().waitForCompletion(old1, WAIT);
          assertThat(done1.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
          assertThat(done1.output()).isEqualTo("\"hello ada\"");
          both.client().raiseEvent(old2, "go", "cy");
          assertThat(both.client().waitForCompletion(old2, WAIT).output()).isEqualTo("\"hello cy\"");
          // The starter may still ask for the old version; the default is the new one.
          String pinned = both.client().startNew("Hello", null, StartOptions.defaults().withVersion("1"));
          both.client().raiseEvent(pinned, "go", "dee");
          assertThat(both.client().waitForCompletion(pinned, WAIT).output()).isEqualTo("\"hello dee\"");
          assertThat(version(both.client(), pinned)).isEqualTo("1");
          String next = both.client().startNew("Hello", null);
          both.client().raiseEvent(next, "go", "eve");
          assertThat(both.client().waitForCompletion(next, WAIT).output()).isEqualTo("\"HELLO EVE (v2)\"");
        }
      }
    }
  }

  private static java.time.Instant heartbeat(OrchestrationStore store, String nodeId) {
    return store.liveWorkers(Duration.ofMinutes(1)).stream().filter(w -> w.workerId().equals(nodeId))
        .map(io.duraflow.store.WorkerInfo::heartbeatAt).findFirst().orElseThrow();
  }

  @Test
  void subOrchestration_getsTheChildsDefaultVersion_unlessTheCallNamesOne_andContinueAsNewKeepsTheVersion()
      throws Exception {
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Child", "1", ctx -> "child v1")
        .addOrchestration("Child", "2", ctx -> "child v2")
        .addOrchestration("Parent", ctx -> ctx.callSubOrchestrator("Child", null, null, String.class).await()
            + " / " + ctx.callSubOrchestrator("Child", null, null, SubOrchestrationOptions.ofVersion("1"), String.class).await())
        .addOrchestration("Loop", "7", ctx -> {
          int n = ctx.getInput(Integer.class);
          if (n < 2) {
            ctx.continueAsNew(n + 1);
            return null;
          }
          return "v" + ctx.getVersion() + " after " + n;
        })
        .build();
    try (OrchestrationStore store = newStore();
        DuraflowEngine node = engine(store, registry, "node")) {
      DurableClient client = node.client();
      String parent = client.startNew("Parent", null);
      assertThat(client.waitForCompletion(parent, WAIT).output()).isEqualTo("\"child v2 / child v1\"");
      String loop = client.startNew("Loop", 0);
      InstanceRecord done = client.waitForCompletion(loop, WAIT);
      assertThat(done.output()).isEqualTo("\"v7 after 2\"");
      assertThat(version(client, loop)).as("the last execution's start").isEqualTo("7");
    }
  }

  @Test
  void continueAsNew_ontoAnotherVersion_movesTheInstanceToIt() throws Exception {
    TaskOrchestration loop = ctx -> {
      int n = ctx.getInput(Integer.class);
      if (n < 3) {
        ctx.continueAsNew(n + 1, n == 1 ? "8" : null); // the second round moves to 8, the third keeps it
        return null;
      }
      return "v" + ctx.getVersion() + " after " + n;
    };
    TaskRegistry registry = TaskRegistry.builder()
        .addOrchestration("Loop", "7", loop).addOrchestration("Loop", "8", loop).defaultVersion("Loop", "7").build();
    try (OrchestrationStore store = newStore();
        DuraflowEngine node = engine(store, registry, "node")) {
      String id = node.client().startNew("Loop", 0);
      InstanceRecord done = node.client().waitForCompletion(id, WAIT);
      assertThat(done.output()).isEqualTo("\"v8 after 3\"");
      assertThat(done.version()).as("the row follows").isEqualTo("8");
      assertThat(version(node.client(), id)).isEqualTo("8");
    }
  }
}
