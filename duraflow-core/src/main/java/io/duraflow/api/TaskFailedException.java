package io.duraflow.api;

/** Thrown by {@link Task#await()} when the activity or sub-orchestration behind the task failed. */
public class TaskFailedException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String taskName;
  private final int taskId;
  private final transient FailureDetails failureDetails;

  public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails) {
    super("Task '" + taskName + "' (#" + taskId + ") failed with " + failureDetails.errorType() + ": "
        + failureDetails.errorMessage());
    this.taskName = taskName;
    this.taskId = taskId;
    this.failureDetails = failureDetails;
  }

  public String taskName() {
    return taskName;
  }

  public int taskId() {
    return taskId;
  }

  /** The failure as recorded in history. */
  public FailureDetails failureDetails() {
    return failureDetails;
  }
}
