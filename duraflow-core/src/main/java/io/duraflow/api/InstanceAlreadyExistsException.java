package io.duraflow.api;

/** Starting an instance with an id that a non-terminal instance already uses. */
public class InstanceAlreadyExistsException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String instanceId;

  public InstanceAlreadyExistsException(String instanceId, OrchestrationRuntimeStatus status) {
    super("Instance '" + instanceId + "' already exists and is " + status.wireName()
        + "; wait for it to finish, terminate it, or start with another id");
    this.instanceId = instanceId;
  }

  /** The same failure with its own message (a start that denies reusing a finished instance's id). */
  public InstanceAlreadyExistsException(String instanceId, String message) {
    super(message);
    this.instanceId = instanceId;
  }

  public String instanceId() {
    return instanceId;
  }
}
