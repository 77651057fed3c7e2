package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.sqlite.SqliteDurability;
import io.duraflow.store.sqlite.SqliteOrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the store with the write pattern of small workflows (start, one activity, complete: 7 writes per
 * instance, claims included) from several threads and prints instances/s and writes/s. A measurement,
 * not a gate: it asserts only that every instance completed.
 */
@Tag("slow")
class StoreThroughputTest {
  private static final Duration LEASE = Duration.ofSeconds(60);
  @TempDir Path dir;

  private static final int INSTANCES = Integer.getInteger("bench.instances", 2000);

  @Test
  void sqlite_fullDurability() throws Exception {
    run("SQLite FULL", () -> SqliteOrchestrationStore.open(dir.resolve("full"), Clock.systemUTC(), SqliteDurability.FULL));
  }

  @Test
  void sqlite_normalDurability() throws Exception {
    run("SQLite NORMAL", () -> SqliteOrchestrationStore.open(dir.resolve("normal"), Clock.systemUTC(), SqliteDurability.NORMAL));
  }

  @Test
  @Tag("postgres")
  void postgres() throws Exception {
    run("PostgreSQL", () -> TestDatabases.postgres(Clock.systemUTC(), Integer.getInteger("bench.pool", 10)));
  }

  private void run(String label, Supplier<OrchestrationStore> open) throws Exception {
    int n = INSTANCES;
    try (OrchestrationStore store = open.get()) {
      AtomicInteger done = new AtomicInteger();
      int threads = Integer.getInteger("bench.threads", 4);
      ExecutorService pool = Executors.newFixedThreadPool(3 * threads);
      long start = System.nanoTime();
      AtomicInteger next = new AtomicInteger();
      for (int c = 0; c < threads; c++) { // clients start instances concurrently, as HTTP requests would
        pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < n; ) {
            store.createInstance(new NewInstance("hub", "i" + i,
                new ExecutionStarted(Instant.now(), "Flow", "\"x\"", "e" + i, null, null)));
          }
          return null;
        });
      }
      for (int t = 0; t < threads; t++) {
        pool.submit(() -> orchestrations(store, done, n));
        pool.submit(() -> activities(store, done, n));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s (%d threads per role): %d instances in %.2f s = %.0f instances/s, %.0f writes/s%n",
          label, threads, n, seconds, n / seconds, 7 * n / seconds);
      if (store instanceof SqliteOrchestrationStore sqlite) {
        System.out.println("  group commit: " + sqlite.writerStatistics());
      }
      assertThat(done.get()).isEqualTo(n);
    }
  }

  private Void orchestrations(OrchestrationStore store, AtomicInteger done, int n) {
    while (done.get() < n) {
      List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems(Thread.currentThread().getName(), 10, LEASE);
      if (items.isEmpty()) {
        java.util.concurrent.locks.LockSupport.parkNanos(500_000); // polling, as a worker does
        continue;
      }
      for (OrchestrationWorkItem item : items) {
        Instant now = Instant.now();
        List<HistoryEvent> history = new ArrayList<>();
        history.add(new OrchestratorStarted(now));
        item.messages().stream().map(InboxMessage::event).forEach(history::add);
        InstanceRecord r = item.instance();
        boolean first = r.historySize() == 0;
        List<NewActivity> activities = List.of();
        OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.RUNNING;
        if (first) {
          history.add(new TaskScheduled(now, 0, "Hello", "\"x\""));
          activities = List.of(new NewActivity(0, "Hello", "\"x\""));
        } else {
          history.add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.COMPLETED, "\"ok\"", null));
          status = OrchestrationRuntimeStatus.COMPLETED;
        }
        store.commit(new OrchestrationStepCommit(item, false, history,
            new InstanceUpdate(status, r.name(), r.executionId(), r.input(), first ? null : "\"ok\"", null, null),
            activities, List.of(), List.of()));
        if (!first) {
          done.incrementAndGet();
        }
      }
    }
    return null;
  }

  private Void activities(OrchestrationStore store, AtomicInteger done, int n) {
    while (done.get() < n) {
      List<ActivityWorkItem> items = store.claimActivityWorkItems(Thread.currentThread().getName(), 10, LEASE);
      if (items.isEmpty()) {
        java.util.concurrent.locks.LockSupport.parkNanos(500_000); // polling, as a worker does
        continue;
      }
      for (ActivityWorkItem a : items) {
        store.completeActivity(a, new TaskCompleted(Instant.now(), a.taskId(), "\"Hello x\""));
      }
    }
    return null;
  }
}
