package io.duraflow.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a worker.
 *
 * @param workerId owner name written on leases (unique per process)
 * @param orchestrationConcurrency orchestration steps run at once
 * @param activityConcurrency activities run at once
 * @param orchestrationLease how long a claimed instance stays leased without a commit; renewed while a step
 *     runs or while the instance is held on the fast path
 * @param activityLease how long a claimed activity stays leased; renewed while the activity runs
 * @param maxPollInterval the longest wait between polls when idle (timers are found at least this often)
 * @param sessionCacheSize how many in-flight instances keep their orchestration code loaded between steps
 * @param fastPath true (the default) to start instances eagerly on this node and to keep an instance leased
 *     while all it waits for are activities running here, so their results and the next step commit in
 *     one transaction; false sends every result through the inbox and every step through a claim
 * @param stepDeadline how long orchestration code may run in one step without awaiting a task or returning
 *     before its instance fails (code that blocks there would otherwise pin a thread)
 * @param missingCodeGrace how long work that no running worker has the code for (an orchestration or
 *     activity name no live worker registers) waits for one to start before it fails; zero fails it as soon
 *     as it is seen (a single node), the default of 5 minutes lets a rolling upgrade or a second node arrive
 */
public record WorkerOptions(
    String workerId,
    int orchestrationConcurrency,
    int activityConcurrency,
    Duration orchestrationLease,
    Duration activityLease,
    Duration maxPollInterval,
    int sessionCacheSize,
    boolean fastPath,
    Duration stepDeadline,
    Duration missingCodeGrace) {

  public WorkerOptions {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(orchestrationLease, "orchestrationLease");
    Objects.requireNonNull(activityLease, "activityLease");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval");
    Objects.requireNonNull(stepDeadline, "stepDeadline");
    Objects.requireNonNull(missingCodeGrace, "missingCodeGrace");
    if (missingCodeGrace.isNegative()) {
      throw new IllegalArgumentException("missingCodeGrace must not be negative, was " + missingCodeGrace);
    }
    if (orchestrationConcurrency < 1 || activityConcurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1");
    }
    if (sessionCacheSize < 0) {
      throw new IllegalArgumentException("sessionCacheSize must be >= 0");
    }
    if (stepDeadline.isNegative() || stepDeadline.isZero()) {
      throw new IllegalArgumentException("stepDeadline must be positive, was " + stepDeadline);
    }
  }

  /** Defaults sized for a small machine. */
  public static WorkerOptions defaults(String workerId) {
    int cores = Runtime.getRuntime().availableProcessors();
    // 64 activity threads: the fast path holds an instance only while its activities have a slot here.
    return new WorkerOptions(workerId, Math.max(32, cores * 8), 64, Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofMillis(500), 1000, true, Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  /** The same options under another owner name. */
  public WorkerOptions withWorkerId(String id) {
    return new WorkerOptions(id, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize, fastPath, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withActivityConcurrency(int n) {
    return new WorkerOptions(workerId, orchestrationConcurrency, n, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize, fastPath, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withOrchestrationConcurrency(int n) {
    return new WorkerOptions(workerId, n, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize, fastPath, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withLeases(Duration orchestration, Duration activity) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestration, activity, maxPollInterval, sessionCacheSize, fastPath, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withSessionCacheSize(int n) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, n, fastPath, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withMaxPollInterval(Duration d) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, d, sessionCacheSize, fastPath, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withFastPath(boolean on) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize, on, stepDeadline, missingCodeGrace);
  }

  public WorkerOptions withStepDeadline(Duration d) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize, fastPath, d, missingCodeGrace);
  }

  public WorkerOptions withMissingCodeGrace(Duration d) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize, fastPath, stepDeadline, d);
  }
}
