package io.duraflow.replay;

import io.duraflow.api.ActivityTimeoutKind;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.RetryHandler;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.TaskFailedException;
import java.time.Duration;
import java.time.Instant;

/**
 * Retries a failing task (activity or sub-orchestration) in orchestration code: after a failed attempt it
 * asks the {@link RetryHandler} or the {@link RetryPolicy} whether to go on, waits on a durable timer and
 * starts the next attempt. Everything it reads (the failure from history, the orchestration's current time)
 * is replayed identically, so the decisions, timers and attempts are the same on every replay.
 *
 * <p>Never retried: a cancelled attempt ({@link TaskFailedException#isCanceled()}), a schedule-to-close
 * timeout, and a failure that is no {@link TaskFailedException} (e.g. a result that does not convert). A
 * retry whose wait would end at or after the schedule-to-close deadline is not started: the call fails at
 * once with a schedule-to-close timeout whose inner failure is the last attempt's.
 */
final class RetryLoop<V> {

  /** Starts attempt {@code attempt} (1-based), handing it the previous attempt's heartbeat details. */
  interface Attempts<V> {
    ReplayTask<V> start(int attempt, String lastHeartbeatDetails);
  }

  private final ReplayContext ctx;
  private final String taskName;
  private final RetryPolicy policy;
  private final RetryHandler handler;
  private final Instant scheduleToCloseAt;
  private final Attempts<V> attempts;
  private final Instant firstAttemptAt;
  private final ReplayTask<V> outer;
  /** The running attempt, or null while a retry waits; set on cancellation. */
  private ReplayTask<V> current;
  private boolean canceled;

  private RetryLoop(ReplayContext ctx, String taskName, RetryPolicy policy, RetryHandler handler, Instant scheduleToCloseAt,
      Attempts<V> attempts) {
    this.ctx = ctx;
    this.taskName = taskName;
    this.policy = policy;
    this.handler = handler;
    this.scheduleToCloseAt = scheduleToCloseAt;
    this.attempts = attempts;
    this.firstAttemptAt = ctx.currentInstant();
    this.outer = new ReplayTask<>(ctx);
  }

  /** The task of the whole call: it completes with the first successful attempt or fails with the last one. */
  /**
   * @param cancellable whether cancelling the returned task cancels the running attempt (activities) and
   *     stops the retries
   */
  static <V> ReplayTask<V> run(ReplayContext ctx, String taskName, RetryPolicy policy, RetryHandler handler,
      Instant scheduleToCloseAt, boolean cancellable, Attempts<V> attempts) {
    RetryLoop<V> loop = new RetryLoop<>(ctx, taskName, policy, handler, scheduleToCloseAt, attempts);
    if (cancellable) {
      loop.outer.onCancel(loop::cancel);
    }
    loop.attempt(1, null);
    return loop.outer;
  }

  /** The running attempt is cancelled (its failure ends the call); a waiting retry never starts. */
  private void cancel() {
    canceled = true;
    if (current != null) {
      current.cancel("Activity '" + taskName + "' was cancelled by the orchestration");
    }
  }

  private void attempt(int attempt, String heartbeatDetails) {
    if (canceled) {
      return; // the retry timer fired after the call was cancelled
    }
    ReplayTask<V> call = attempts.start(attempt, heartbeatDetails);
    current = call;
    call.onDone(t -> {
      current = null;
      if (!t.isFailed()) {
        outer.complete(t.value());
        return;
      }
      RuntimeException failure = t.failure();
      if (!(failure instanceof TaskFailedException tfe) || tfe.isCanceled()
          || tfe.timeoutKind().orElse(null) == ActivityTimeoutKind.SCHEDULE_TO_CLOSE) {
        outer.fail(failure);
        return;
      }
      Duration delay = retryDelay(attempt, tfe);
      if (delay == null) {
        outer.fail(failure);
        return;
      }
      Instant next = ctx.currentInstant().plus(delay);
      if (scheduleToCloseAt != null && !next.isBefore(scheduleToCloseAt)) {
        outer.fail(scheduleToCloseExceeded(tfe));
        return;
      }
      String carried = tfe.lastHeartbeatDetails() != null ? tfe.lastHeartbeatDetails() : heartbeatDetails;
      ReplayTask<Void> timer = (ReplayTask<Void>) ctx.createTimer(next);
      timer.onDone(x -> attempt(attempt + 1, carried));
    });
  }

  /** The wait before the next attempt, or null to stop. */
  private Duration retryDelay(int attempt, TaskFailedException failure) {
    if (handler != null) {
      RetryHandler.RetryDecision decision = handler.decide(new RetryHandler.RetryContext(
          taskName, attempt, failure.failureDetails(), Duration.between(firstAttemptAt, ctx.currentInstant())));
      return decision != null && decision.retry() ? decision.delay() : null;
    }
    if (policy == null) {
      return null;
    }
    Duration delay = policy.delayAfter(attempt);
    boolean retriable = attempt < policy.maxAttempts() && policy.handle().test(failure.failureDetails())
        && (policy.retryTimeout() == null
            || !ctx.currentInstant().plus(delay).isAfter(firstAttemptAt.plus(policy.retryTimeout())));
    return retriable ? delay : null;
  }

  private TaskFailedException scheduleToCloseExceeded(TaskFailedException last) {
    FailureDetails timeout = new FailureDetails(ActivityTimeoutKind.SCHEDULE_TO_CLOSE.errorType(),
        "Activity '" + taskName + "' did not complete before its schedule-to-close deadline " + scheduleToCloseAt
            + "; the last attempt failed with " + last.failureDetails().errorType(),
        null, last.failureDetails());
    return new TaskFailedException(taskName, last.taskId(), timeout, last.lastHeartbeatDetails());
  }
}
