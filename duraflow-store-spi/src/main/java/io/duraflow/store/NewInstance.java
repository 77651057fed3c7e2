package io.duraflow.store;

import io.duraflow.history.ExecutionStarted;
import java.util.Objects;

/** A request to create an instance; {@code started} becomes its first inbox message. */
public record NewInstance(String taskHub, String instanceId, ExecutionStarted started) {
  public NewInstance {
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(started, "started");
  }
}
