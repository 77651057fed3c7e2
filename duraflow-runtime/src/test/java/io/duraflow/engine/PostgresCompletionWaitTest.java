package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client waiting on one node returns when another node finishes the instance, told by PostgreSQL's
 * NOTIFY: its fallback polling is set to an hour, so only the notification can end the wait in time.
 */
@Tag("postgres")
class PostgresCompletionWaitTest {
  @TempDir Path dir;

  @Test
  void waitForCompletion_instanceFinishedByAnotherNode_returnsThroughNotification() throws Exception {
    FastPathTest.activityGate = new CountDownLatch(1);
    FastPathTest.gatedActivitiesStarted.set(0);
    try (PostgresTestDatabase db = new PostgresTestDatabase();
        OrchestrationStore nodeA = OrchestrationStores.open(db.url(), dir, StoreOptions.defaults());
        OrchestrationStore nodeB = OrchestrationStores.open(db.url(), dir, StoreOptions.defaults());
        DuraflowEngine worker = DuraflowEngine.builder().store(nodeB).registry(FastPathTest.registry())
            .workerOptions(WorkerOptions.defaults("node-b")).build().start()) {
      StoreDurableClient waiting = new StoreDurableClient(nodeA, null, new JacksonDataConverter(), Clock.systemUTC(),
          DuraflowEngine.DEFAULT_TASK_HUB).withPolling(Duration.ofHours(1), Duration.ofHours(1));
      String id = waiting.startNew("Gated", null);
      FastPathTest.awaitTrue(() -> FastPathTest.gatedActivitiesStarted.get() == 1);

      CompletableFuture<InstanceRecord> done = CompletableFuture.supplyAsync(() -> {
        try {
          return waiting.waitForCompletion(id, Duration.ofMinutes(5));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // The waiter has checked once (still running) and now sleeps for an hour unless notified.
      FastPathTest.awaitTrue(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t ->
          t.getState() == Thread.State.TIMED_WAITING && java.util.Arrays.stream(t.getStackTrace())
              .anyMatch(f -> f.getMethodName().equals("waitForCompletion"))));
      FastPathTest.activityGate.countDown();

      InstanceRecord record = done.get(60, TimeUnit.SECONDS);
      assertThat(record.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(record.output()).isEqualTo("\"through\"");
    } finally {
      FastPathTest.activityGate.countDown();
    }
  }
}
