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
 * @param queue the named task queue it waits in (docs/queues.md), or null for the default queue
 * @param priority higher runs first within a named queue; 0 by default
 */
public record NewActivity(int taskId, String name, String input, TraceContext trace, AttemptTimeouts timeouts,
    String heartbeatDetails, String queue, int priority) {
  /** An untraced activity call. */
  public NewActivity(int taskId, String name, String input) {
    this(taskId, name, input, null, null, null);
  }

  /** An activity call without deadlines. */
  public NewActivity(int taskId, String name, String input, TraceContext trace) {
    this(taskId, name, input, trace, null, null);
  }

  /** An activity call in the default queue. */
  public NewActivity(int taskId, String name, String input, TraceContext trace, AttemptTimeouts timeouts,
      String heartbeatDetails) {
    this(taskId, name, input, trace, timeouts, heartbeatDetails, null, 0);
  }

  /** An activity call without deadlines in queue {@code queue}. */
  public NewActivity(int taskId, String name, String input, TraceContext trace, String queue, int priority) {
    this(taskId, name, input, trace, null, null, queue, priority);
  }

  /**
   * Whether the store may lease this activity to the committer with its step: not with {@code timeouts}, and
   * not in a named {@code queue} (its work waits for the queue's limits like any other claim).
   */
  public boolean leasableWithStep() {
    return timeouts == null && heartbeatDetails == null && queue == null;
  }
}
