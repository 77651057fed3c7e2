package io.duraflow.action;

/**
 * Start orchestration {@code name} as instance {@code instanceId}, awaited as task {@code id}, admitted by
 * task queue {@code queue} (null: none) with {@code priority}.
 */
public record CreateSubOrchestration(int id, String name, String instanceId, String input, String queue, int priority)
    implements OrchestratorAction {
  /** Outside any task queue. */
  public CreateSubOrchestration(int id, String name, String instanceId, String input) {
    this(id, name, instanceId, input, null, 0);
  }
}
