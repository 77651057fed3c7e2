package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.DurableClient;
import io.duraflow.history.ExecutionCompleted;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreOptions;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops and restarts a PostgreSQL server while instances run: requests fail with a {@link StoreException}
 * while it is down, and every instance completes once it is back. The server is the test's own
 * ({@link PrivatePostgres}), never the machine's shared one.
 */
@Tag("postgres")
@Tag("slow")
class PostgresRestartTest {
  @TempDir Path dir;

  @Test
  void serverRestartMidRun_allInstancesComplete() throws Exception {
    assumeTrue(PrivatePostgres.binDir() != null, "needs the PostgreSQL server binaries (initdb, pg_ctl)");
    try (PrivatePostgres server = PrivatePostgres.start();
        OrchestrationStore store = OrchestrationStores.open(server.url("postgres"), dir, StoreOptions.defaults());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(NodeMain.registry())
            .workerOptions(WorkerOptions.defaults("restart-test").withLeases(Duration.ofSeconds(3), Duration.ofSeconds(3)))
            .build().start()) {
      DurableClient client = engine.client();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(client.startNew("SlowFanOut", 10));
      }
      CrashRecoveryTest.awaitCompletedActivities(client, ids, 40);
      server.stopServer();
      try {
        boolean refused = false;
        try {
          client.getInstance(ids.get(0));
        } catch (StoreException e) {
          refused = true;
        }
        assertThat(refused).as("requests fail while the database is down").isTrue();
        Thread.sleep(2000); // let the workers hit the outage
      } finally {
        server.startServer();
      }
      for (String id : ids) {
        InstanceRecord done = client.waitForCompletion(id, Duration.ofSeconds(180));
        assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(done.output()).isEqualTo(String.valueOf(NodeMain.expectedSum(10)));
        assertThat(client.getHistory(id)).filteredOn(ExecutionCompleted.class::isInstance).hasSize(1);
      }
    }
  }
}
