package io.duraflow.engine;

import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Duraflow node in a child JVM for crash and multi-node tests: runs a worker until killed.
 *
 * <p>Args: STORE (a PostgreSQL URL, or "-" for SQLite in DATA_DIR), DATA_DIR, READY_MARKER_FILE.
 */
public final class NodeMain {
  private NodeMain() {}

  /** Fan-out over {@code n} slow activities, each returning its index squared. */
  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addOrchestration("SlowFanOut", ctx -> {
          int n = ctx.getInput(Integer.class);
          List<Task<Long>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(ctx.callActivity("SlowSquare", i, Long.class));
          }
          long sum = 0;
          for (long v : ctx.allOf(tasks).await()) {
            sum += v;
          }
          return sum;
        })
        .addActivity("SlowSquare", ctx -> {
          long i = ctx.getInput(Long.class);
          Thread.sleep(50); // slow enough that a kill lands mid-run
          return i * i;
        })
        .build();
  }

  static long expectedSum(int n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += i * i;
    }
    return sum;
  }

  public static void main(String[] args) throws Exception {
    String storeSpec = "-".equals(args[0]) ? null : args[0];
    Path dataDir = Path.of(args[1]);
    Path marker = Path.of(args[2]);
    OrchestrationStore store = OrchestrationStores.open(storeSpec, dataDir, StoreOptions.defaults());
    WorkerOptions options = WorkerOptions.defaults(DuraflowEngine.defaultWorkerId())
        .withLeases(Duration.ofSeconds(3), Duration.ofSeconds(3))
        .withMaxPollInterval(Duration.ofMillis(200))
        .withActivityConcurrency(4);
    DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry()).workerOptions(options).build().start();
    Files.writeString(marker, ProcessHandle.current().pid() + "\n");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      store.close();
    }));
    Thread.currentThread().join();
  }
}
