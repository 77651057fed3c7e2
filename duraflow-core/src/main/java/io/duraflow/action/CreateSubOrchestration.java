package io.duraflow.action;

/**
 * Start orchestration {@code name} as instance {@code instanceId}, awaited as task {@code id}.
 *
 * @param version the child's version, or null for an unversioned child (the caller knew no version)
 */
public record CreateSubOrchestration(int id, String name, String instanceId, String input, String version)
    implements OrchestratorAction {

  /** An unversioned child. */
  public CreateSubOrchestration(int id, String name, String instanceId, String input) {
    this(id, name, instanceId, input, null);
  }
}
