package io.duraflow.api;

/** No instance with this id exists in the task hub. */
public class InstanceNotFoundException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String instanceId;

  public InstanceNotFoundException(String taskHub, String instanceId) {
    super("No orchestration instance '" + instanceId + "' in task hub '" + taskHub + "'");
    this.instanceId = instanceId;
  }

  public String instanceId() {
    return instanceId;
  }
}
