package io.duraflow.api;

/** A management operation that the instance's current runtime status does not allow. */
public class InvalidInstanceStateException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String instanceId;
  private final OrchestrationRuntimeStatus status;

  public InvalidInstanceStateException(String instanceId, OrchestrationRuntimeStatus status, String operation) {
    super("Cannot " + operation + " instance '" + instanceId + "': it is " + status.wireName());
    this.instanceId = instanceId;
    this.status = status;
  }

  public String instanceId() {
    return instanceId;
  }

  public OrchestrationRuntimeStatus status() {
    return status;
  }
}
