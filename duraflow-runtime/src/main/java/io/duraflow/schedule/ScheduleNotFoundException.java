package io.duraflow.schedule;

import io.duraflow.api.DuraflowException;

/** No schedule with this id exists in the task hub. */
public class ScheduleNotFoundException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final String scheduleId;

  public ScheduleNotFoundException(String taskHub, String scheduleId) {
    super("No schedule '" + scheduleId + "' in task hub '" + taskHub + "'");
    this.scheduleId = scheduleId;
  }

  public String scheduleId() {
    return scheduleId;
  }
}
