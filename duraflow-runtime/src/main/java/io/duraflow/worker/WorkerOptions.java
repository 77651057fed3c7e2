package io.duraflow.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a worker.
 *
 * @param workerId owner name written on leases (unique per process)
 * @param orchestrationConcurrency orchestration steps run at once
 * @param activityConcurrency activities run at once
 * @param orchestrationLease how long a claimed instance stays leased without a commit
 * @param activityLease how long a claimed activity stays leased; renewed while the activity runs
 * @param maxPollInterval the longest wait between polls when idle (timers are found at least this often)
 * @param sessionCacheSize how many in-flight instances keep their orchestration code loaded between steps
 */
public record WorkerOptions(
    String workerId,
    int orchestrationConcurrency,
    int activityConcurrency,
    Duration orchestrationLease,
    Duration activityLease,
    Duration maxPollInterval,
    int sessionCacheSize) {

  public WorkerOptions {
    Objects.requireNonNull(workerId, "workerId");
    if (orchestrationConcurrency < 1 || activityConcurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1");
    }
    if (sessionCacheSize < 0) {
      throw new IllegalArgumentException("sessionCacheSize must be >= 0");
    }
  }

  /** Defaults sized for a small machine. */
  public static WorkerOptions defaults(String workerId) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new WorkerOptions(workerId, Math.max(32, cores * 8), 32, Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofMillis(500), 1000);
  }

  public WorkerOptions withActivityConcurrency(int n) {
    return new WorkerOptions(workerId, orchestrationConcurrency, n, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize);
  }

  public WorkerOptions withOrchestrationConcurrency(int n) {
    return new WorkerOptions(workerId, n, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, sessionCacheSize);
  }

  public WorkerOptions withLeases(Duration orchestration, Duration activity) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestration, activity, maxPollInterval, sessionCacheSize);
  }

  public WorkerOptions withSessionCacheSize(int n) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, maxPollInterval, n);
  }

  public WorkerOptions withMaxPollInterval(Duration d) {
    return new WorkerOptions(workerId, orchestrationConcurrency, activityConcurrency, orchestrationLease, activityLease, d, sessionCacheSize);
  }
}
