package io.duraflow.worker;

import io.duraflow.api.DataConverter;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.StepCommitResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The worker's step and activity logic without its threads: the caller claims work items from the store
 * and hands them here one at a time, on its own thread. For deterministic drivers such as
 * {@code duraflow-testkit}, which decide when each step runs, what the clock says and where a simulated
 * crash interrupts; a production node uses {@link Worker}.
 *
 * <p>It runs steps exactly as a worker with the fast path off does ({@link WorkerOptions#withFastPath}):
 * a commit leases no activity to its caller and keeps no instance leased, so every activity is claimed
 * from the store and every result goes through the instance's inbox. Orchestration sessions stay cached
 * between steps as on a worker (up to {@link WorkerOptions#sessionCacheSize()}); {@link #close()} drops
 * them, which is what a process kill does. Not thread-safe.
 */
public final class StepDriver implements AutoCloseable {
  private final ActivityDeadlines deadlines;
  private final OrchestrationStore store;
  private final ExecutorService codeThreads = OrchestrationExecutor.newThreadPool();
  private final SessionCache cache;
  private final OrchestrationStepRunner stepRunner;
  private final ActivityRunner activityRunner;
  private final StepFailures failures;
  private final WorkerOptions options;

  /**
   * @param store where steps commit (a test may pass a wrapper that fails chosen calls)
   * @param clock the time steps and activity results are stamped with
   * @param options the worker id written on leases, the lease lengths, the session cache size and the step
   *     deadline; the fast path and concurrency are ignored
   */
  public StepDriver(OrchestrationStore store, TaskRegistry registry, DataConverter converter, Clock clock,
      WorkerOptions options) {
    this.store = store;
    this.options = options.withFastPath(false);
    WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry(), registry);
    this.cache = new SessionCache(options.sessionCacheSize());
    OrchestrationExecutor executor = new OrchestrationExecutor(registry, converter, codeThreads);
    // No activity slots: a commit leases nothing to this driver, so each activity waits in the store to be
    // claimed, and the caller decides when (and in which order) it runs.
    ActivitySlots noSlots = new ActivitySlots(0, new WorkSignal());
    this.stepRunner = new OrchestrationStepRunner(store, executor, cache, clock, noSlots, this.options,
        Set.copyOf(registry.orchestrationClaimKeys()), Set.copyOf(registry.activityNames()), converter, metrics,
        new StepTracing(OpenTelemetry.noop()));
    this.activityRunner = new ActivityRunner(registry, converter, clock, new ActivityTracing(OpenTelemetry.noop()),
        new ActivityHeartbeats(store, clock));
    this.deadlines = new ActivityDeadlines(store);
    this.failures = new StepFailures(store, stepRunner, metrics);
  }

  /** The options this driver runs with (the fast path off). */
  public WorkerOptions options() {
    return options;
  }

  /**
   * Runs one step of a claimed instance and commits it, as a worker does; a step that throws is handled as
   * a worker handles it (a lost lease discarded, other failures abandoned with back-off and counted
   * towards failing the instance) unless {@code isCrash} says the failure stands for the process dying,
   * in which case nothing is given back and the exception is rethrown.
   *
   * @return the commit's result, or null when the step failed and was handled
   */
  public StepCommitResult step(OrchestrationWorkItem item, java.util.function.Predicate<Throwable> isCrash) {
    try {
      return stepRunner.runClaimed(item);
    } catch (RuntimeException | Error e) {
      if (isCrash.test(e)) {
        throw e;
      }
      failures.failed(item, e);
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      return null;
    }
  }

  /**
   * Runs a claimed activity and returns its {@code TaskCompleted} or {@code TaskFailed} event; the caller
   * records it with {@link OrchestrationStore#completeActivity} (or, to simulate a lost acknowledgement,
   * does not).
   */
  public HistoryEvent runActivity(ActivityWorkItem item) {
    return activityRunner.run(item);
  }

  /**
   * Ends the activity attempts whose start-to-close, heartbeat or schedule-to-close deadline has passed on
   * the store's clock, failing their tasks, as a worker's periodic sweep does.
   */
  public void expireActivities() {
    deadlines.sweep();
  }

  /** The number of instances whose orchestration code is loaded between steps. */
  public int cachedSessions() {
    return cache.size();
  }

  /** Unloads every cached session and stops the orchestration code threads; claimed leases are left as they are. */
  @Override
  public void close() {
    cache.clear();
    codeThreads.shutdownNow();
  }
}
