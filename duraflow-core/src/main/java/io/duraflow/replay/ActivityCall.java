package io.duraflow.replay;

import io.duraflow.action.AttemptTimeouts;
import io.duraflow.api.ActivityOptions;
import io.duraflow.api.SubOrchestrationOptions;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Activity and sub-orchestration calls with options: turns {@link ActivityOptions} into the per-attempt
 * deadlines the store enforces and the {@link RetryLoop} around the attempts. Replay-safe: the
 * schedule-to-close deadline is the orchestration's current time at the call plus the timeout, and retry
 * children get ids derived from the first one's.
 */
final class ActivityCall {
  private ActivityCall() {}

  static <V> ReplayTask<V> activity(ReplayContext ctx, String name, Object input, ActivityOptions options, Class<V> type) {
    Objects.requireNonNull(name, "activityName");
    ActivityOptions o = options == null ? ActivityOptions.defaults() : options;
    Instant scheduleToCloseAt = o.scheduleToClose() == null ? null : ctx.currentInstant().plus(o.scheduleToClose());
    AttemptTimeouts timeouts = AttemptTimeouts.ofNullable(o.startToClose(), o.heartbeatTimeout(), scheduleToCloseAt);
    String json = ctx.serializeActivityInput(input, name);
    return RetryLoop.run(ctx, name, o.retryPolicy(), o.retryHandler(), scheduleToCloseAt, true,
        (attempt, heartbeat) -> ctx.scheduleActivity(name, json, timeouts, heartbeat, o, type));
  }

  static <V> ReplayTask<V> subOrchestration(ReplayContext ctx, String name, Object input, String instanceId,
      SubOrchestrationOptions options, Class<V> type) {
    Objects.requireNonNull(name, "orchestrationName");
    // The id the first attempt would derive by itself: retries extend it, so all attempts are related.
    String baseId = instanceId != null ? instanceId
        : ctx.getInstanceId() + ":" + String.format(Locale.ROOT, "%04d", ctx.peekNextTaskId());
    return RetryLoop.run(ctx, name, options.retryPolicy(), options.retryHandler(), null, false,
        (attempt, heartbeat) -> ctx.startChild(name, options, input,
            attempt == 1 ? baseId : baseId + "#" + attempt, type));
  }
}
