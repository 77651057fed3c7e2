package io.duraflow.store;

import io.duraflow.history.TraceContext;

/**
 * An activity call a step schedules for its own instance.
 *
 * @param trace the span of the step that scheduled it (the parent of the activity's span), or null
 * @param queue the named task queue it waits in (docs/queues.md), or null for the default queue
 * @param priority higher runs first within a named queue; 0 by default
 */
public record NewActivity(int taskId, String name, String input, TraceContext trace, String queue, int priority) {
  /** An untraced activity call. */
  public NewActivity(int taskId, String name, String input) {
    this(taskId, name, input, null);
  }

  /** An activity call in the default queue. */
  public NewActivity(int taskId, String name, String input, TraceContext trace) {
    this(taskId, name, input, trace, null, 0);
  }
}
