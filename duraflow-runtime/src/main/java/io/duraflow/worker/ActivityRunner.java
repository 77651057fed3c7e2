package io.duraflow.worker;

import io.duraflow.api.ActivityCanceledException;
import io.duraflow.api.DataConverter;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskActivityContext;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskCompleted;
import io.duraflow.history.TaskFailed;
import io.duraflow.store.ActivityWorkItem;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one activity work item and turns its outcome into a {@code TaskCompleted} or {@code TaskFailed} event. */
final class ActivityRunner {
  private static final Logger log = LoggerFactory.getLogger(ActivityRunner.class);
  private final TaskRegistry registry;
  private final DataConverter converter;
  private final Clock clock;
  private final ActivityTracing tracing;
  private final ActivityHeartbeats heartbeats;

  ActivityRunner(TaskRegistry registry, DataConverter converter, Clock clock, ActivityTracing tracing,
      ActivityHeartbeats heartbeats) {
    this.tracing = tracing;
    this.heartbeats = heartbeats;
    this.registry = registry;
    this.converter = converter;
    this.clock = clock;
  }

  HistoryEvent run(ActivityWorkItem item) {
    return tracing.traced(item, this::execute);
  }

  private HistoryEvent execute(ActivityWorkItem item) {
    TaskActivity activity = registry.activity(item.name()).orElse(null);
    if (activity == null) {
      return new TaskFailed(clock.instant(), item.taskId(), new FailureDetails(IllegalStateException.class.getName(),
          "No activity named '" + item.name() + "' is registered on this worker; registered: " + registry.activityNames()));
    }
    ActivityHeartbeats.Attempt attempt = heartbeats.begin(item);
    try (LogContext ignored = LogContext.activity(item)) {
      try {
        Object output = activity.run(new Context(item, attempt));
        return new TaskCompleted(clock.instant(), item.taskId(), converter.serialize(output));
      } catch (ActivityCanceledException e) {
        log.info("Activity '{}' #{} of instance '{}' stopped on cancellation", item.name(), item.taskId(), item.instanceId());
        return new TaskFailed(clock.instant(), item.taskId(),
            new FailureDetails(ActivityCanceledException.ERROR_TYPE, e.getMessage()), attempt.latestDetails());
      } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
        logFailure(item, e);
        return new TaskFailed(clock.instant(), item.taskId(), FailureDetails.of(e), attempt.latestDetails());
      }
    } finally {
      heartbeats.end(item);
    }
  }

  /**
   * One line per failed attempt: the orchestration may retry or handle it, so it is a warning, and the
   * stack trace (also kept in the history's failure details) only at debug level.
   */
  private static void logFailure(ActivityWorkItem item, Throwable e) {
    String message = "Activity '{}' #{} of instance '{}' failed: {}";
    if (log.isDebugEnabled()) {
      log.warn(message, item.name(), item.taskId(), item.instanceId(), e.toString(), e);
    } else {
      log.warn(message, item.name(), item.taskId(), item.instanceId(), e.toString());
    }
  }

  private final class Context implements TaskActivityContext {
    private final ActivityWorkItem item;
    private final ActivityHeartbeats.Attempt attempt;

    Context(ActivityWorkItem item, ActivityHeartbeats.Attempt attempt) {
      this.item = item;
      this.attempt = attempt;
    }

    @Override
    public void heartbeat(Object details) {
      attempt.heartbeat(converter.serialize(details));
    }

    @Override
    public <T> T getHeartbeatDetails(Class<T> type) {
      String json = attempt.latestDetails();
      return json == null ? null : converter.deserialize(json, type);
    }

    @Override
    public boolean isCancellationRequested() {
      return attempt.canceled();
    }

    @Override
    public void throwIfCancellationRequested() {
      attempt.throwIfCanceled();
    }

    @Override
    public String getName() {
      return item.name();
    }

    @Override
    public String getInstanceId() {
      return item.instanceId();
    }

    @Override
    public int getTaskId() {
      return item.taskId();
    }

    @Override
    public <T> T getInput(Class<T> type) {
      return converter.deserialize(item.input(), type);
    }

    @Override
    public String getRawInput() {
      return item.input();
    }
  }
}
