package io.duraflow.api;

/** Thrown by {@link Task#await()} when the activity or sub-orchestration behind the task failed. */
public class TaskFailedException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String taskName;
  private final int taskId;
  private final transient FailureDetails failureDetails;
  private final String lastHeartbeatDetails;

  public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails) {
    this(taskName, taskId, failureDetails, null);
  }

  /** @param lastHeartbeatDetails the failed attempt's last heartbeat details (JSON), or null */
  public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails, String lastHeartbeatDetails) {
    super("Task '" + taskName + "' (#" + taskId + ") failed with " + failureDetails.errorType() + ": "
        + failureDetails.errorMessage());
    this.taskName = taskName;
    this.taskId = taskId;
    this.failureDetails = failureDetails;
    this.lastHeartbeatDetails = lastHeartbeatDetails;
  }

  /** The failed activity attempt's last heartbeat details as JSON, or null. */
  public String lastHeartbeatDetails() {
    return lastHeartbeatDetails;
  }

  /** True when an activity timeout failed the task (see {@link ActivityTimeoutKind}). */
  public boolean isTimeout() {
    return timeoutKind().isPresent();
  }

  /** Which activity timeout failed the task, or empty when it was no timeout. */
  public java.util.Optional<ActivityTimeoutKind> timeoutKind() {
    return ActivityTimeoutKind.of(failureDetails);
  }

  /** True when the attempt ended by {@link ActivityCanceledException}. */
  public boolean isCanceled() {
    return failureDetails != null && ActivityCanceledException.ERROR_TYPE.equals(failureDetails.errorType());
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
