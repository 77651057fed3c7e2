package io.duraflow.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreOptions;
import io.duraflow.store.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite-only behaviour: group commit isolation, reopening, closing, the factory. */
class SqliteStoreBehaviourTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  @TempDir Path dir;

  private static NewInstance instance(String id) {
    return new NewInstance("hub", id, new ExecutionStarted(Instant.EPOCH, "F", null, "e", null, null));
  }

  @Test
  void groupCommit_failingWriteInBatch_rollsBackOnlyItself() throws Exception {
    try (SqliteOrchestrationStore store = SqliteOrchestrationStore.open(dir, clock)) {
      store.createInstance(instance("dup"));
      int n = 64;
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = i % 8 == 0 ? "dup" : "ok-" + i;
        futures.add(pool.submit(() -> {
          go.await();
          store.createInstance(instance(id));
          return null;
        }));
      }
      go.countDown();
      int duplicates = 0;
      for (Future<?> f : futures) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(InstanceAlreadyExistsException.class);
          duplicates++;
        }
      }
      pool.shutdown();
      assertThat(duplicates).isEqualTo(n / 8);
      for (int i = 0; i < n; i++) {
        if (i % 8 != 0) {
          assertThat(store.getInstance("hub", "ok-" + i)).isPresent();
        }
      }
      assertThat(store.writerStatistics()).contains(" transactions");
    }
  }

  @Test
  void reopen_sameDirectory_keepsData() {
    try (OrchestrationStore store = SqliteOrchestrationStore.open(dir, clock, SqliteDurability.NORMAL)) {
      store.createInstance(instance("i1"));
      assertThat(store.describe()).contains("duraflow.db").contains("NORMAL");
    }
    try (OrchestrationStore store = SqliteOrchestrationStore.open(dir, clock)) {
      assertThat(store.getInstance("hub", "i1").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    }
  }

  @Test
  void closedStore_throwsStoreException() {
    OrchestrationStore store = SqliteOrchestrationStore.open(dir, clock);
    store.close();
    assertThatThrownBy(() -> store.createInstance(instance("i1")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("i1")
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.getInstance("hub", "i1")).isInstanceOf(StoreException.class);
  }

  @Test
  void open_unusableDirectory_throwsStoreException() throws Exception {
    Path file = Files.createFile(dir.resolve("not-a-directory"));
    assertThatThrownBy(() -> SqliteOrchestrationStore.open(file, clock)).isInstanceOf(StoreException.class);
  }

  @Test
  void factory_opensSqliteForEmptySpecAndRejectsUnknown() {
    StoreOptions options = StoreOptions.defaults().withClock(clock);
    try (OrchestrationStore store = OrchestrationStores.open(null, dir.resolve("a"), options)) {
      assertThat(store).isInstanceOf(SqliteOrchestrationStore.class);
      store.createInstance(instance("i1"));
      assertThat(store.getInstance("hub", "i1").orElseThrow().createdAt()).isEqualTo(clock.instant());
    }
    try (OrchestrationStore store = OrchestrationStores.open("sqlite", dir.resolve("b"), options)) {
      assertThat(Files.exists(dir.resolve("b").resolve(SqliteOrchestrationStore.FILE_NAME))).isTrue();
    }
    try (OrchestrationStore store = OrchestrationStores.open("sqlite:" + dir.resolve("c"), null, options)) {
      assertThat(store.describe()).contains(dir.resolve("c").toString());
    }
    assertThatThrownBy(() -> OrchestrationStores.open("mysql://x", dir, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mysql://x");
  }
}
