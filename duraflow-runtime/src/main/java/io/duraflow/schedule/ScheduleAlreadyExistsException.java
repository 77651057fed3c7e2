package io.duraflow.schedule;

import io.duraflow.api.DuraflowException;

/** The task hub already has a schedule with this id: update it, or delete it first. */
public class ScheduleAlreadyExistsException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String scheduleId;

  public ScheduleAlreadyExistsException(String taskHub, String scheduleId) {
    super("Schedule '" + scheduleId + "' already exists in task hub '" + taskHub + "'; update it or delete it first");
    this.scheduleId = scheduleId;
  }

  public String scheduleId() {
    return scheduleId;
  }
}
