package io.duraflow.store;

import io.duraflow.action.AttemptTimeouts;
import io.duraflow.history.TraceContext;

/**
 * An activity call a step schedules for its own instance.
 *
 * @param trace the span of the step that scheduled it (the parent of the activity's span), or null
 * @param timeouts the attempt's deadlines, enforced by {@link OrchestrationStore#expireActivities}, or null. An
 *     activity with timeouts is never leased to the committer with the step (the fast path would hold the
 *     instance while it runs, and a timeout must reach the instance through its inbox).
 * @param heartbeatDetails the previous attempt's last heartbeat details (JSON), or null
 */
public record NewActivity(int taskId, String name, String input, TraceContext trace, AttemptTimeouts timeouts,
    String heartbeatDetails) {
  /** An untraced activity call. */
  public NewActivity(int taskId, String name, String input) {
    this(taskId, name, input, null, null, null);
  }

  /** An activity call without deadlines. */
  public NewActivity(int taskId, String name, String input, TraceContext trace) {
    this(taskId, name, input, trace, null, null);
  }

  /** Whether the store may lease this activity to the committer with its step (see {@code timeouts}). */
  public boolean leasableWithStep() {
    return timeouts == null && heartbeatDetails == null;
  }
}
