package io.duraflow.action;

/**
 * Run activity {@code name} with {@code input} (JSON) as task {@code id}, in task queue {@code queue} (null:
 * the default queue) with {@code priority} (higher first within a named queue).
 */
public record ScheduleTask(int id, String name, String input, String queue, int priority) implements OrchestratorAction {
  /** In the default queue. */
  public ScheduleTask(int id, String name, String input) {
    this(id, name, input, null, 0);
  }
}
