package io.duraflow.engine;

import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.StartOptions;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.testing.ForwardingOrchestrationStore;
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
 * <p>Args: STORE (a PostgreSQL URL, or "-" for SQLite in DATA_DIR), DATA_DIR, READY_MARKER_FILE, and
 * optionally:
 * <ul>
 *   <li>{@code halt-after-eager-start:ID}: start instance ID of {@code SlowSequence} (3 steps) eagerly on
 *       this node and halt the JVM the moment the store has committed it, before the start call returns to
 *       its caller (the HTTP answer, in a server) — the crash point sits in this test code, not in
 *       production;
 *   <li>{@code chaos-run-log:DIR}: run the {@link ChaosWorkload} instead, its activities recording each run
 *       in a {@link RunLog} in DIR under this node's name (the marker file's name without ".ready");
 *   <li>{@code node-id:NAME}: run under a stable name ({@link DuraflowEngine.Builder#nodeId});
 *   <li>{@code lease-seconds:N}: both lease durations (3 s by default).
 * </ul>
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
        .addOrchestration("SlowSequence", ctx -> {
          int n = ctx.getInput(Integer.class);
          long sum = 0;
          for (int i = 0; i < n; i++) {
            sum += ctx.callActivity("SlowSquare", i, Long.class).await(); // one at a time: the fast path holds it
          }
          return sum;
        })
        .addOrchestration(ActivityTimeoutCrashTest.ORCHESTRATION, ActivityTimeoutCrashTest::orchestration)
        .addActivity(ActivityTimeoutCrashTest.ACTIVITY, ActivityTimeoutCrashTest::hangOnThisNode)
        // Counts its "increment" operations; slow enough that a kill lands inside a batch.
        .addEntity("counter", ctx -> {
          long value = ctx.hasState() ? ctx.getState(Long.class) : 0;
          Thread.sleep(1);
          ctx.setState(value + 1);
          return null;
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

  static final String HALT_AFTER_EAGER_START = "halt-after-eager-start:";
  static final String NODE_ID = "node-id:";
  static final String LEASE_SECONDS = "lease-seconds:";
  static final String CHAOS_RUN_LOG = "chaos-run-log:";

  /** Activity slots of a chaos node: with short leases, a killed node's work moves on within seconds. */
  static final int CHAOS_ACTIVITY_CONCURRENCY = 8;

  private static String option(String[] args, String prefix) {
    for (int i = 3; i < args.length; i++) {
      if (args[i].startsWith(prefix)) {
        return args[i].substring(prefix.length());
      }
    }
    return null;
  }

  public static void main(String[] args) throws Exception {
    String storeSpec = "-".equals(args[0]) ? null : args[0];
    Path dataDir = Path.of(args[1]);
    Path marker = Path.of(args[2]);
    OrchestrationStore opened = OrchestrationStores.open(storeSpec, dataDir, StoreOptions.defaults());
    String haltAfter = option(args, HALT_AFTER_EAGER_START);
    String leaseSeconds = option(args, LEASE_SECONDS);
    Duration lease = Duration.ofSeconds(leaseSeconds == null ? 3 : Long.parseLong(leaseSeconds));
    OrchestrationStore store = haltAfter == null ? opened : new ForwardingOrchestrationStore(opened) {
      @Override
      public StepCommitResult createInstance(NewInstance request, OrchestrationStepCommit firstStep) {
        StepCommitResult committed = super.createInstance(request, firstStep);
        if (request.instanceId().equals(haltAfter)) {
          Runtime.getRuntime().halt(137); // committed, not yet acknowledged
        }
        return committed;
      }
    };
    String runLog = option(args, CHAOS_RUN_LOG);
    WorkerOptions options = WorkerOptions.defaults(DuraflowEngine.defaultWorkerId())
        .withLeases(lease, lease)
        .withMaxPollInterval(Duration.ofMillis(200))
        .withActivityConcurrency(runLog == null ? 4 : CHAOS_ACTIVITY_CONCURRENCY);
    TaskRegistry registry = runLog == null ? registry()
        : ChaosWorkload.registry(RunLog.open(Path.of(runLog), marker.getFileName().toString().replace(".ready", "")));
    DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry).workerOptions(options)
        .nodeId(option(args, NODE_ID)).build().start();
    Files.writeString(marker, ProcessHandle.current().pid() + "\n");
    if (haltAfter != null) {
      engine.client().startNew("SlowSequence", 3, StartOptions.withInstanceId(haltAfter));
      throw new AssertionError("the eager start of " + haltAfter + " returned instead of halting");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      store.close();
    }));
    Thread.currentThread().join();
  }
}
