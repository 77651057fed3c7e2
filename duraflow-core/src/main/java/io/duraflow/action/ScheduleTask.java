package io.duraflow.action;

/**
 * Run activity {@code name} with {@code input} (JSON) as task {@code id}.
 *
 * @param timeouts the attempt's deadlines, or null for none
 * @param heartbeatDetails the previous attempt's last heartbeat details (JSON) for a retry, or null
 */
public record ScheduleTask(int id, String name, String input, AttemptTimeouts timeouts, String heartbeatDetails)
    implements OrchestratorAction {

  /** An attempt without deadlines or earlier heartbeat details. */
  public ScheduleTask(int id, String name, String input) {
    this(id, name, input, null, null);
  }
}
