package io.duraflow.store;

import io.duraflow.history.TraceContext;

/**
 * An activity call a step schedules for its own instance.
 *
 * @param trace the span of the step that scheduled it (the parent of the activity's span), or null
 */
public record NewActivity(int taskId, String name, String input, TraceContext trace) {
  /** An untraced activity call. */
  public NewActivity(int taskId, String name, String input) {
    this(taskId, name, input, null);
  }
}
