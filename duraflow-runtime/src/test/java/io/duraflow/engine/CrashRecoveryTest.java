package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a worker JVM with SIGKILL in the middle of a fan-out, starts a fresh one on the same SQLite
 * file, and checks that every instance finishes correctly with its completion recorded exactly once.
 */
@Tag("slow")
class CrashRecoveryTest {
  static final int INSTANCES = 10;
  static final int WIDTH = 60;

  @TempDir Path dataDir;

  @Test
  void sigkillMidFanOut_newWorkerFinishesEveryInstanceExactlyOnce() throws Exception {
    List<String> ids = new ArrayList<>();
    try (OrchestrationStore store = OrchestrationStores.open(null, dataDir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, NodeMain.registry(), new JacksonDataConverter(), Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB);
      for (int i = 0; i < INSTANCES; i++) {
        ids.add(client.startNew("SlowFanOut", WIDTH));
      }
      try (ChildNode first = ChildNode.start(null, dataDir, "first")) {
        awaitCompletedActivities(client, ids, INSTANCES * WIDTH / 4);
        first.kill();
      }
      int doneAtCrash = completedActivities(client, ids);
      assertThat(doneAtCrash).as("the crash happened mid-run").isLessThan(INSTANCES * WIDTH);

      try (ChildNode second = ChildNode.start(null, dataDir, "second")) {
        for (String id : ids) {
          assertFanOutCompletedOnce(client, id, WIDTH, Duration.ofSeconds(120), second.output());
        }
      }
    }
  }

  @Test
  void nodeRestartedUnderItsNameAfterSigkill_takesBackItsLeasesAtOnce() throws Exception {
    // Ten-minute leases: the work the killed node held can only finish within the test's wait if the
    // restarted node takes its leases back instead of waiting for them to expire.
    List<String> args = List.of(NodeMain.NODE_ID + "node-1", NodeMain.LEASE_SECONDS + "600");
    List<String> ids = new ArrayList<>();
    try (OrchestrationStore store = OrchestrationStores.open(null, dataDir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, NodeMain.registry(), new JacksonDataConverter(), Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB);
      for (int i = 0; i < 4; i++) {
        ids.add(client.startNew("SlowFanOut", WIDTH));
      }
      try (ChildNode first = ChildNode.start(null, dataDir, "first", args)) {
        awaitCompletedActivities(client, ids, WIDTH);
        first.kill();
      }
      assertThat(store.leaseHolders()).as("the killed node's leases are still live")
          .anySatisfy(h -> assertThat(h.owner()).isEqualTo("node-1"));

      try (ChildNode second = ChildNode.start(null, dataDir, "second", args)) {
        for (String id : ids) {
          assertFanOutCompletedOnce(client, id, WIDTH, Duration.ofSeconds(90), second.output());
        }
        assertThat(second.output()).contains("Node 'node-1' took back");
      }
    }
  }

  @Test
  void sigkillWhileHoldingInstancesWithInlineActivities_newWorkerFinishesEveryInstanceExactlyOnce() throws Exception {
    killWhileHolding(null, dataDir);
  }

  /**
   * Kills a node that holds instances on the fast path (one activity each, running on it, their results
   * only in its memory), starts another on the same store ({@code storeSpec}: null for SQLite in
   * {@code dataDir}), and checks that every instance completes exactly once.
   */
  static void killWhileHolding(String storeSpec, Path dataDir) throws Exception {
    int steps = 20;
    List<String> ids = new ArrayList<>();
    try (OrchestrationStore store = OrchestrationStores.open(storeSpec, dataDir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, NodeMain.registry(), new JacksonDataConverter(), Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB);
      for (int i = 0; i < INSTANCES; i++) {
        ids.add(client.startNew("SlowSequence", steps));
      }
      try (ChildNode first = ChildNode.start(storeSpec, dataDir, "first")) {
        awaitCompletedActivities(client, ids, INSTANCES * steps / 4);
        first.kill();
      }
      assertThat(completedActivities(client, ids)).as("the crash happened mid-run").isLessThan(INSTANCES * steps);

      try (ChildNode second = ChildNode.start(storeSpec, dataDir, "second")) {
        for (String id : ids) {
          assertFanOutCompletedOnce(client, id, steps, Duration.ofSeconds(120), second.output());
        }
      }
    }
  }

  @Test
  void crashBetweenEagerStartCommitAndItsAnswer_instanceStillCompletesOnce() throws Exception {
    String id = "eager-crash";
    try (OrchestrationStore store = OrchestrationStores.open(null, dataDir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, NodeMain.registry(), new JacksonDataConverter(), Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB);
      try (ChildNode starter = ChildNode.start(null, dataDir, "starter", List.of(NodeMain.HALT_AFTER_EAGER_START + id))) {
        assertThat(starter.awaitExit(Duration.ofSeconds(60))).as(starter.output()).isEqualTo(137);
      }
      InstanceRecord committed = client.getInstance(id).orElseThrow();
      assertThat(committed.runtimeStatus()).as("created with its first step").isEqualTo(OrchestrationRuntimeStatus.RUNNING);
      assertThat(client.getHistory(id)).filteredOn(TaskScheduled.class::isInstance).hasSize(1);

      try (ChildNode second = ChildNode.start(null, dataDir, "second")) {
        assertFanOutCompletedOnce(client, id, 3, Duration.ofSeconds(120), second.output());
      }
    }
  }

  /**
   * The instance completed with the right sum, its completion recorded once and each of its {@code width}
   * activities scheduled once and answered once, however many times workers died meanwhile.
   */
  static void assertFanOutCompletedOnce(DurableClient client, String id, int width, Duration wait, String context)
      throws Exception {
    InstanceRecord done = client.waitForCompletion(id, wait);
    assertThat(done.runtimeStatus()).as(context).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.output()).isEqualTo(String.valueOf(NodeMain.expectedSum(width)));
    List<HistoryEvent> history = client.getHistory(id);
    assertThat(history).filteredOn(ExecutionCompleted.class::isInstance).hasSize(1);
    assertThat(history).filteredOn(TaskScheduled.class::isInstance)
        .extracting(e -> ((TaskScheduled) e).taskId()).doesNotHaveDuplicates().hasSize(width);
    assertThat(history).filteredOn(TaskCompleted.class::isInstance)
        .extracting(e -> ((TaskCompleted) e).taskScheduledId()).doesNotHaveDuplicates().hasSize(width);
  }

  static int completedActivities(DurableClient client, List<String> ids) {
    int n = 0;
    for (String id : ids) {
      n += (int) client.getHistory(id).stream().filter(TaskCompleted.class::isInstance).count();
    }
    return n;
  }

  static void awaitCompletedActivities(DurableClient client, List<String> ids, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (completedActivities(client, ids) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("workers made no progress");
      }
      Thread.sleep(50);
    }
  }
}
