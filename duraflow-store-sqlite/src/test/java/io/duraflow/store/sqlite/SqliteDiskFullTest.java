package io.duraflow.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.NewInstance;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreFullException;
import io.duraflow.store.StoreHealth;
import io.duraflow.store.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk on the real SQLite store (issue 9, defect 1), made portable with {@link SqliteSpaceLimit}:
 * writes fail with a clear disk-full error while full, the store says it is unhealthy, and once space is
 * back it writes again without a restart, having lost nothing it acknowledged.
 */
class SqliteDiskFullTest {
  private static final String BIG_INPUT = "\"" + "x".repeat(20_000) + "\""; // overflow pages: needs new pages

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  @TempDir Path dir;

  private static NewInstance instance(String id, String input) {
    return new NewInstance("hub", id, new ExecutionStarted(Instant.EPOCH, "F", input, "e-" + id, null, null));
  }

  /** Creates big instances until the capped store refuses one; answers the ids it acknowledged. */
  private static List<String> fillUntilFull(SqliteOrchestrationStore store) {
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      try {
        store.createInstance(instance("fill-" + i, BIG_INPUT));
        acknowledged.add("fill-" + i);
      } catch (StoreFullException e) {
        return acknowledged;
      }
    }
    throw new AssertionError("100 instances of 20 KB fitted into a database capped at its size");
  }

  @Test
  void diskFull_writesFailClearlyUntilSpaceReturns_thenSucceedWithoutRestart() {
    try (SqliteOrchestrationStore store = SqliteOrchestrationStore.open(dir, clock)) {
      store.createInstance(instance("before", BIG_INPUT));
      SqliteSpaceLimit.capAtCurrentSize(store);
      List<String> acknowledged = fillUntilFull(store);

      // Every later write fails the same clear way (before the fix: "statement is not executing" and
      // "cannot start a transaction within a transaction", forever).
      for (int i = 0; i < 5; i++) {
        String id = "while-full-" + i;
        assertThatThrownBy(() -> store.createInstance(instance(id, BIG_INPUT)))
            .isInstanceOf(StoreFullException.class)
            .hasMessageContaining(id)
            .hasMessageContaining("disk full")
            .hasMessageContaining("SQLITE_FULL");
      }
      StoreHealth health = store.health();
      assertThat(health.healthy()).isFalse();
      assertThat(health.message()).contains("disk full").contains("SQLITE_FULL").contains("space is freed");

      SqliteSpaceLimit.lift(store);
      store.createInstance(instance("after", BIG_INPUT));

      assertThat(store.health()).isEqualTo(StoreHealth.HEALTHY);
      assertThat(SqliteSpaceLimit.reopens(store)).as("recovered on the same connection").isZero();
      for (String id : concat(List.of("before", "after"), acknowledged)) {
        assertThat(store.getInstance("hub", id)).as(id).isPresent();
      }
      for (int i = 0; i < 5; i++) {
        assertThat(store.getInstance("hub", "while-full-" + i)).isEmpty();
      }
    }
  }

  @Test
  void diskFull_concurrentBatches_everyAcknowledgedWriteSurvivesReopen_noRefusedOneExists() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> refused = ConcurrentHashMap.newKeySet();
    try (SqliteOrchestrationStore store = SqliteOrchestrationStore.open(dir, clock)) {
      SqliteSpaceLimit.capAtCurrentSize(store);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 20; i++) {
            String id = "c-" + thread + "-" + i;
            // Small inputs often fit into pages that exist, big ones never: batches mix both outcomes.
            String input = i % 3 == 0 ? "\"small\"" : BIG_INPUT;
            try {
              store.createInstance(instance(id, input));
              acknowledged.add(id);
            } catch (StoreException e) {
              assertThat(e).isInstanceOf(StoreFullException.class);
              refused.add(id);
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(refused).isNotEmpty();
      // Small writes that fit may have succeeded last; a big one cannot, and leaves the store unhealthy.
      assertThatThrownBy(() -> store.createInstance(instance("big", BIG_INPUT))).isInstanceOf(StoreFullException.class);
      refused.add("big");
      assertThat(store.health().healthy()).isFalse();
      SqliteSpaceLimit.lift(store);
      store.createInstance(instance("after", BIG_INPUT));
      acknowledged.add("after");
    }
    try (SqliteOrchestrationStore reopened = SqliteOrchestrationStore.open(dir, clock)) {
      for (String id : acknowledged) {
        assertThat(reopened.getInstance("hub", id)).as("acknowledged " + id).isPresent();
      }
      for (String id : refused) {
        assertThat(reopened.getInstance("hub", id)).as("refused " + id).isEmpty();
      }
    }
  }

  @Test
  void health_probe_staysUnhealthyWhileFull_reportsRecoveryWithNoOtherWrite() {
    try (SqliteOrchestrationStore store = SqliteOrchestrationStore.open(dir, clock)) {
      SqliteSpaceLimit.capAtCurrentSize(store);
      fillUntilFull(store);
      long writes = store.committedWrites();
      assertThat(store.health().healthy()).isFalse();
      assertThat(store.committedWrites()).as("no probe within the interval").isEqualTo(writes);

      clock.advance(WriteHealth.PROBE_INTERVAL);
      assertThat(store.health().healthy()).as("probe while still full").isFalse();
      assertThat(store.committedWrites()).as("one probe ran").isEqualTo(writes + 1);

      SqliteSpaceLimit.lift(store); // a write that changes no rows: not a sign of recovery by itself
      assertThat(store.health().healthy()).as("next probe not due yet").isFalse();
      clock.advance(WriteHealth.PROBE_INTERVAL);
      assertThat(store.health()).isEqualTo(StoreHealth.HEALTHY);
    }
  }

  @Test
  void writer_connectionBrokenUnderIt_reopensIt_andTheNextWriteCommits() {
    try (SqliteOrchestrationStore store = SqliteOrchestrationStore.open(dir, clock)) {
      store.createInstance(instance("before", "1"));
      assertThatThrownBy(() -> store.writer().write("break the connection", null, tx -> {
        tx.connection().close();
        return null;
      })).isInstanceOf(StoreException.class);
      store.createInstance(instance("after", "2"));
      assertThat(SqliteSpaceLimit.reopens(store)).isEqualTo(1);
      assertThat(store.getInstance("hub", "before")).isPresent();
      assertThat(store.getInstance("hub", "after")).isPresent();
      assertThat(store.health()).isEqualTo(StoreHealth.HEALTHY);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
