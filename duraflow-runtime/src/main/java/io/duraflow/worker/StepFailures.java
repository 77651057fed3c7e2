package io.duraflow.worker;

import io.duraflow.metrics.DuraflowMeters;
import io.duraflow.replay.StepDeadlineExceededException;
import io.duraflow.store.LeaseLostException;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.StoreFullException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a step that failed outside the orchestration code: a lost lease is discarded quietly, a
 * runaway step fails its instance at once (a replay would run the same code), and anything else is retried
 * with back-off (a step that ran out of time while also replaying history too) until
 * {@link #MAX_STEP_ATTEMPTS} failures in a row, after which the instance is failed so it shows up as Failed
 * and can be rewound. The store counts the failures ({@link OrchestrationStore#abandonAfterFailure}), so the
 * limit holds across nodes and restarts and nothing is remembered here. A store without space ({@link
 * StoreFullException}) is not counted: the step is retried every second until the disk has room again.
 */
final class StepFailures {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  /** Consecutive failures of an instance's step after which the instance is failed. */
  static final int MAX_STEP_ATTEMPTS = 5;
  /** When a step that did not fit on a full disk is tried again; not counted as a failed attempt. */
  private static final Duration FULL_RETRY = Duration.ofSeconds(1);

  private final OrchestrationStore store;
  private final OrchestrationStepRunner stepRunner;
  private final WorkerMetrics metrics;
  private Counter failuresCounter;

  StepFailures(OrchestrationStore store, OrchestrationStepRunner stepRunner, WorkerMetrics metrics) {
    this.store = store;
    this.stepRunner = stepRunner;
    this.metrics = metrics;
  }

  void registerMeters(MeterRegistry meters) {
    failuresCounter = Counter.builder(DuraflowMeters.STEP_FAILURES.name())
        .description(DuraflowMeters.STEP_FAILURES.description()).register(meters);
  }

  void failed(OrchestrationWorkItem item, Throwable t) {
    if (t instanceof LeaseLostException) {
      metrics.leaseLost("orchestration");
      log.info("Step of instance '{}' discarded: {}", item.instanceId(), t.getMessage());
      return;
    }
    if (failuresCounter != null) {
      failuresCounter.increment();
    }
    if (t instanceof StepDeadlineExceededException d && !d.duringReplay() && giveUp(item, t, null)) {
      return;
    }
    if (t instanceof StoreFullException) {
      // Not a poison step: nothing big commits until space is freed, and the store recovers by itself.
      // Counted, it would fail the instance as soon as the small write that gives up fits on the disk.
      log.warn("Step of instance '{}' not committed: {}; it will be retried", item.instanceId(), t.getMessage());
      abandonQuietly(item, () -> store.abandon(item, FULL_RETRY));
      return;
    }
    int failures = item.failedAttempts() + 1;
    if (failures >= MAX_STEP_ATTEMPTS && !item.instance().runtimeStatus().isTerminal()
        && giveUp(item, t, "Gave up on instance '" + item.instanceId() + "' after " + failures
            + " failed attempts to run its next step")) {
      return;
    }
    log.warn("Step of instance '{}' failed ({} in a row); it will be retried", item.instanceId(), failures, t);
    // 0.1 s, 0.2 s, 0.4 s ... up to 10 s: a store outage heals, a poison step reaches MAX_STEP_ATTEMPTS.
    Duration delay = Duration.ofMillis(Math.min(10_000, 100L << Math.min(failures - 1, 10)));
    abandonQuietly(item, () -> store.abandonAfterFailure(item, delay));
  }

  private static void abandonQuietly(OrchestrationWorkItem item, Runnable abandon) {
    try {
      abandon.run();
    } catch (RuntimeException e) {
      log.debug("Abandon of instance '{}' failed too; its lease will expire", item.instanceId(), e);
    }
  }

  private boolean giveUp(OrchestrationWorkItem item, Throwable cause, String why) {
    try {
      stepRunner.failInstance(item, cause, why);
      log.error("Instance '{}' is now Failed: {}", item.instanceId(), why != null ? why : cause.getMessage(), cause);
      return true;
    } catch (RuntimeException e) {
      log.warn("Could not fail instance '{}' after its step failed either", item.instanceId(), e);
      return false;
    }
  }
}
