package io.duraflow.action;

/**
 * Run activity {@code name} with {@code input} (JSON) as task {@code id}, in task queue {@code queue} (null:
 * the default queue) with {@code priority} (higher first within a named queue).
 *
 * @param timeouts the attempt's deadlines, or null for none
 * @param heartbeatDetails the previous attempt's last heartbeat details (JSON) for a retry, or null
 */
public record ScheduleTask(int id, String name, String input, AttemptTimeouts timeouts, String heartbeatDetails,
    String queue, int priority) implements OrchestratorAction {

  /** An attempt without deadlines or earlier heartbeat details, in the default queue. */
  public ScheduleTask(int id, String name, String input) {
    this(id, name, input, null, null);
  }

  /** An attempt in the default queue. */
  public ScheduleTask(int id, String name, String input, AttemptTimeouts timeouts, String heartbeatDetails) {
    this(id, name, input, timeouts, heartbeatDetails, null, 0);
  }

  /** An attempt without deadlines in task queue {@code queue}. */
  public ScheduleTask(int id, String name, String input, String queue, int priority) {
    this(id, name, input, null, null, queue, priority);
  }
}
