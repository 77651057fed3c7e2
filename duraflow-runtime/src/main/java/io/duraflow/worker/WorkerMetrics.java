package io.duraflow.worker;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskFailed;
import io.duraflow.metrics.DuraflowMeters;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.StepCommitResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The worker's meters ({@link DuraflowMeters} names and explains them), recorded through one-line hooks in
 * the worker's classes. Commits are timed here, around the store calls, so the store modules need no
 * metrics library. Meters are created on first use and kept per tag values; names this worker has no code
 * for are tagged {@link DuraflowMeters#OTHER}, so a client cannot add series by starting made-up names.
 * Thread-safe.
 */
final class WorkerMetrics {
  /** Activities may run for minutes; a step or a commit beyond half a minute is an outage, not a bucket. */
  private static final Duration MAX_ACTIVITY = Duration.ofMinutes(10);

  private final MeterRegistry meters;
  private final Set<String> orchestrations;
  private final Set<String> activities;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Timer commitTimer;
  private final DistributionSummary commitBatch;
  private final Counter cacheHits;
  private final Counter cacheMisses;

  /** @param registry the code this worker has: its names are the tag values (others are {@link DuraflowMeters#OTHER}) */
  WorkerMetrics(MeterRegistry meters, TaskRegistry registry) {
    this.meters = meters;
    this.orchestrations = Set.copyOf(registry.orchestrationNames());
    this.activities = Set.copyOf(registry.activityNames());
    this.commitTimer = Timer.builder(DuraflowMeters.STORE_COMMIT.name()).description(DuraflowMeters.STORE_COMMIT.description())
        .publishPercentileHistogram().register(meters);
    this.commitBatch = DistributionSummary.builder(DuraflowMeters.STORE_COMMIT_BATCH.name())
        .description(DuraflowMeters.STORE_COMMIT_BATCH.description())
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(meters);
    this.cacheHits = lookups("hit");
    this.cacheMisses = lookups("miss");
    // At zero from the start, so rate() and alerts see the series before the first loss.
    leaseLost("orchestration", 0);
    leaseLost("activity", 0);
  }

  private Counter lookups(String result) {
    return Counter.builder(DuraflowMeters.SESSION_CACHE_LOOKUPS.name())
        .description(DuraflowMeters.SESSION_CACHE_LOOKUPS.description()).tag("result", result).register(meters);
  }

  /** The cache size gauge. */
  void watch(SessionCache cache) {
    Gauge.builder(DuraflowMeters.SESSION_CACHE_SIZE.name(), cache, SessionCache::size)
        .description(DuraflowMeters.SESSION_CACHE_SIZE.description()).register(meters);
  }

  /** A step of {@code item}'s instance ran (committed or not) in {@code nanos}. */
  void stepRan(OrchestrationWorkItem item, long nanos) {
    stepRan(item.instance().name(), nanos);
  }

  /** A step of an instance of {@code orchestration} ran (committed or not) in {@code nanos}. */
  void stepRan(String orchestration, long nanos) {
    String name = bounded(orchestration, orchestrations);
    timers.computeIfAbsent("step\u0000" + name, k -> Timer.builder(DuraflowMeters.STEP.name())
        .description(DuraflowMeters.STEP.description()).tag("orchestration", name)
        .publishPercentileHistogram().register(meters)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Activity {@code name} ran for {@code nanos} and ended with {@code outcome} (TaskCompleted or TaskFailed). */
  void activityRan(String name, HistoryEvent outcome, long nanos) {
    String activity = bounded(name, activities);
    String result = outcome instanceof TaskFailed ? "failed" : "completed";
    timers.computeIfAbsent("activity\u0000" + activity + "\u0000" + result,
        k -> Timer.builder(DuraflowMeters.ACTIVITY_EXECUTIONS.name())
            .description(DuraflowMeters.ACTIVITY_EXECUTIONS.description()).tag("activity", activity).tag("outcome", result)
            .publishPercentileHistogram().maximumExpectedValue(MAX_ACTIVITY).register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A step looked for its instance's loaded session: found it (and current), or must replay history. */
  void sessionLookup(boolean hit) {
    (hit ? cacheHits : cacheMisses).increment();
  }

  /** A lease of {@code kind} ({@code orchestration} or {@code activity}) turned out to be lost. */
  void leaseLost(String kind) {
    leaseLost(kind, 1);
  }

  private void leaseLost(String kind, int count) {
    counter(DuraflowMeters.LEASES_LOST, "kind", kind).increment(count);
  }

  /**
   * Applies {@code commit} with {@code apply} (a store call), timing it and, once it succeeded, counting what
   * it did: the messages it consumed (plus {@code extraConsumed} not among the item's messages, the
   * request's start on the eager path) and the instance leaving Pending or reaching a terminal status.
   */
  StepCommitResult commit(OrchestrationStepCommit commit, int extraConsumed, Supplier<StepCommitResult> apply) {
    long start = System.nanoTime();
    StepCommitResult result;
    try {
      result = apply.get();
    } finally {
      commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    commitBatch.record(commit.item().messages().size() + commit.completedActivities().size() + extraConsumed);
    OrchestrationRuntimeStatus before = commit.item().instance().runtimeStatus();
    OrchestrationRuntimeStatus after = commit.update().runtimeStatus();
    String name = bounded(commit.update().name(), orchestrations);
    if (before == OrchestrationRuntimeStatus.PENDING && after != OrchestrationRuntimeStatus.PENDING) {
      counter(DuraflowMeters.INSTANCES_STARTED, "orchestration", name).increment();
    }
    if (after.isTerminal() && !before.isTerminal()) {
      counters.computeIfAbsent("finished\u0000" + name + "\u0000" + after, k -> Counter.builder(DuraflowMeters.INSTANCES_FINISHED.name())
          .description(DuraflowMeters.INSTANCES_FINISHED.description()).tag("orchestration", name)
          .tag("status", after.name().toLowerCase(Locale.ROOT)).register(meters)).increment();
    }
    return result;
  }

  private Counter counter(DuraflowMeters.Meter meter, String tag, String value) {
    return counters.computeIfAbsent(meter.name() + "\u0000" + value,
        k -> Counter.builder(meter.name()).description(meter.description()).tag(tag, value).register(meters));
  }

  private static String bounded(String name, Set<String> known) {
    return name != null && known.contains(name) ? name : DuraflowMeters.OTHER;
  }
}
