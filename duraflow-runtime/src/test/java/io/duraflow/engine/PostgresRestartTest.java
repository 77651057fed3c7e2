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
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops and restarts the local PostgreSQL server while instances run: requests fail with a
 * {@link StoreException} while it is down, and every instance completes once it is back.
 */
@Tag("postgres")
@Tag("slow")
class PostgresRestartTest {
  @TempDir Path dir;

  @Test
  void serverRestartMidRun_allInstancesComplete() throws Exception {
    String cluster = localCluster();
    assumeTrue(cluster != null && PostgresTestDatabase.SERVER_URL.contains("127.0.0.1"),
        "needs pg_ctlcluster and the local test server");
    try (PostgresTestDatabase db = new PostgresTestDatabase();
        OrchestrationStore store = OrchestrationStores.open(db.url(), dir, StoreOptions.defaults());
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(NodeMain.registry())
            .workerOptions(WorkerOptions.defaults("restart-test").withLeases(Duration.ofSeconds(3), Duration.ofSeconds(3)))
            .build().start()) {
      DurableClient client = engine.client();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(client.startNew("SlowFanOut", 10));
      }
      CrashRecoveryTest.awaitCompletedActivities(client, ids, 40);
      pgctl(cluster, "stop");
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
        pgctl(cluster, "start");
      }
      for (String id : ids) {
        InstanceRecord done = client.waitForCompletion(id, Duration.ofSeconds(180));
        assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(done.output()).isEqualTo(String.valueOf(NodeMain.expectedSum(10)));
        assertThat(client.getHistory(id)).filteredOn(ExecutionCompleted.class::isInstance).hasSize(1);
      }
    }
  }

  private static String localCluster() throws Exception {
    if (!new File("/usr/bin/pg_ctlcluster").canExecute() || !Files.isDirectory(Path.of("/etc/postgresql"))) {
      return null;
    }
    try (var versions = Files.list(Path.of("/etc/postgresql"))) {
      return versions.map(p -> p.getFileName().toString()).findFirst().orElse(null);
    }
  }

  private static void pgctl(String version, String action) throws Exception {
    Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("pg_ctlcluster " + action + ": " + out).isZero();
    if (action.equals("start")) {
      for (int i = 0; i < 60; i++) {
        Process ready = new ProcessBuilder("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q").start();
        if (ready.waitFor() == 0) {
          return;
        }
        Thread.sleep(500);
      }
    }
  }
}
