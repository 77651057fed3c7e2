package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.client.DurableClient;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.EntityRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once entity state changes across a SIGKILL: a child JVM works through a stream of increment
 * signals to one counter, is killed while it runs a batch, and a fresh node finishes the stream. The
 * counter must equal the number of signals: a batch whose state change committed without consuming its
 * messages would count some twice, one that consumed messages without its state change would lose some.
 */
@Tag("slow")
class EntityCrashTest {
  static final int SIGNALS = 4000;
  static final EntityInstanceId COUNTER = new EntityInstanceId("counter", "crash");

  @TempDir Path dataDir;

  @Test
  void sigkillMidBatch_freshNodeFinishes_counterEqualsTheSignalsExactly() throws Exception {
    killMidStream(null, dataDir);
  }

  static void killMidStream(String storeSpec, Path dataDir) throws Exception {
    try (OrchestrationStore store = OrchestrationStores.open(storeSpec, dataDir, StoreOptions.defaults())) {
      DurableClient client = new StoreDurableClient(store, NodeMain.registry(), new JacksonDataConverter(),
          Clock.systemUTC(), DuraflowEngine.DEFAULT_TASK_HUB);
      signal(client, SIGNALS);
      try (ChildNode first = ChildNode.start(storeSpec, dataDir, "first")) {
        awaitCount(client, c -> c >= 1, first); // at least one batch committed: the node is mid-stream
        first.kill();
      }
      long atCrash = count(client);
      assertThat(atCrash).as("the crash happened mid-stream").isBetween(1L, SIGNALS - 1L);
      try (ChildNode second = ChildNode.start(storeSpec, dataDir, "second")) {
        EntityRecord done = awaitCount(client, c -> c >= SIGNALS, second);
        assertThat(done.backlog()).isZero();
        assertThat(count(client)).isEqualTo(SIGNALS);
      }
    }
  }

  /** Signals from several threads, so that the store's group commit takes them quickly. */
  private static void signal(DurableClient client, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int share = n / 8 + (t < n % 8 ? 1 : 0);
        sent.add(pool.submit(() -> {
          for (int i = 0; i < share; i++) {
            client.signalEntity(COUNTER, "increment", null);
          }
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static long count(DurableClient client) {
    return client.getEntity(COUNTER).map(r -> Long.parseLong(r.state())).orElse(0L);
  }

  private static EntityRecord awaitCount(DurableClient client, java.util.function.LongPredicate until, ChildNode node)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      EntityRecord r = client.getEntity(COUNTER).orElse(null);
      if (r != null && until.test(Long.parseLong(r.state()))) {
        return r;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the counter did not get there; last " + count(client) + "; node output:\n" + node.output());
  }
}
