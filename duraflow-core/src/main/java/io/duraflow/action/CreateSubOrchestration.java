package io.duraflow.action;

/**
 * Start orchestration {@code name} as instance {@code instanceId}, awaited as task {@code id}, admitted by
 * task queue {@code queue} (null: none) with {@code priority}.
 *
 * @param version the child's version, or null for an unversioned child (the caller knew no version)
 * @param queue the task queue whose limits admit the child's first step (docs/queues.md), or null for none
 * @param priority higher is admitted first within {@code queue}; 0 by default
 */
public record CreateSubOrchestration(int id, String name, String instanceId, String input, String version,
    String queue, int priority) implements OrchestratorAction {

  /** An unversioned child outside any task queue. */
  public CreateSubOrchestration(int id, String name, String instanceId, String input) {
    this(id, name, instanceId, input, null);
  }

  /** A child outside any task queue. */
  public CreateSubOrchestration(int id, String name, String instanceId, String input, String version) {
    this(id, name, instanceId, input, version, null, 0);
  }

  /** An unversioned child in task queue {@code queue}. */
  public CreateSubOrchestration(int id, String name, String instanceId, String input, String queue, int priority) {
    this(id, name, instanceId, input, null, queue, priority);
  }
}
