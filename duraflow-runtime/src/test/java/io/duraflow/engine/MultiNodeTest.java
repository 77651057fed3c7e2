package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceQuery;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes share one PostgreSQL database; one is SIGKILLed mid-run. Every instance must
 * complete with the right output, its completion and each activity result recorded exactly once.
 */
@Tag("postgres")
@Tag("slow")
class MultiNodeTest {
  static final int INSTANCES = 300;
  static final int WIDTH = 5;

  @TempDir Path dir;

  static int completedInstances(DurableClient client) {
    InstanceQuery q = new InstanceQuery(Set.of(OrchestrationRuntimeStatus.COMPLETED), null, null, null, 1000, null);
    return client.queryInstances(q).instances().size();
  }

  static void awaitCompletedInstances(DurableClient client, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (completedInstances(client) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nodes made no progress");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void threeNodes_oneKilled_everyInstanceCompletesExactlyOnce() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase();
        OrchestrationStore store = OrchestrationStores.open(db.url(), dir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, NodeMain.registry(), new JacksonDataConverter(),
          Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        ids.add(client.startNew("SlowFanOut", WIDTH));
      }
      List<String> sequences = new ArrayList<>(); // held by one node at a time on the fast path
      for (int i = 0; i < INSTANCES / 3; i++) {
        sequences.add(client.startNew("SlowSequence", WIDTH));
      }
      List<ChildNode> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          nodes.add(ChildNode.start(db.url(), dir, "node" + i));
        }
        awaitCompletedInstances(client, INSTANCES / 10);
        nodes.get(0).kill();
        assertThat(completedInstances(client)).as("the kill happened mid-run").isLessThan(INSTANCES + sequences.size());
        for (String id : ids) {
          CrashRecoveryTest.assertFanOutCompletedOnce(client, id, WIDTH, Duration.ofSeconds(180), "instance " + id);
        }
        for (String id : sequences) {
          CrashRecoveryTest.assertFanOutCompletedOnce(client, id, WIDTH, Duration.ofSeconds(180), "sequence " + id);
        }
      } finally {
        for (ChildNode n : nodes) {
          n.close();
        }
      }
    }
  }
}
