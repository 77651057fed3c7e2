package io.duraflow.api;

/** Thrown by {@link Task#await()} when a task was given up, e.g. an external event wait timed out. */
public class TaskCanceledException extends DuraflowException {
  private static final long serialVersionUID = 1L;

  public TaskCanceledException(String message) {
    super(message);
  }
}
