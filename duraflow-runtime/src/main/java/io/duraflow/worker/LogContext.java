package io.duraflow.worker;

import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationWorkItem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * The instance a thread is working on, in the SLF4J {@link MDC}, so that every log line written meanwhile
 * (by the runtime, the store, or user code) carries its id: a JSON log line gets {@code instanceId},
 * {@code executionId} and {@code orchestration} or {@code activity} fields, the text format shows the id.
 *
 * <p>Scopes nest and are closed with try-with-resources: closing one puts back the values its keys had
 * before, so a pooled thread never carries one task's instance into the next, and an inner scope (an
 * activity run by the thread that held its instance) does not erase the outer one.
 */
public final class LogContext implements AutoCloseable {
  /** MDC key of the instance id. */
  public static final String INSTANCE_ID = "instanceId";
  /** MDC key of the execution id (new after continue-as-new). */
  public static final String EXECUTION_ID = "executionId";
  /** MDC key of the orchestration name. */
  public static final String ORCHESTRATION = "orchestration";
  /** MDC key of the activity name. */
  public static final String ACTIVITY = "activity";
  /** MDC key of the activity's task id (its sequence number in the orchestration). */
  public static final String TASK_ID = "taskId";

  private static final LogContext NONE = new LogContext(new String[0], new String[0]);

  private final String[] keys;
  private final String[] previous;

  private LogContext(String[] keys, String[] previous) {
    this.keys = keys;
    this.previous = previous;
  }

  /** Puts {@code instanceId} (nothing when it is null) until closed. */
  public static LogContext instance(String instanceId) {
    return instanceId == null ? NONE : put(INSTANCE_ID, instanceId);
  }

  /** Puts the instance, execution and orchestration name of a step until closed. */
  public static LogContext step(OrchestrationWorkItem item) {
    return put(INSTANCE_ID, item.instanceId(), EXECUTION_ID, item.instance().executionId(),
        ORCHESTRATION, item.instance().name());
  }

  /** Puts the instance, execution, activity name and task id of an activity call until closed. */
  public static LogContext activity(ActivityWorkItem item) {
    return put(INSTANCE_ID, item.instanceId(), EXECUTION_ID, item.executionId(), ACTIVITY, item.name(),
        TASK_ID, Integer.toString(item.taskId()));
  }

  /** {@code task} run inside {@link #step}. */
  static Runnable around(OrchestrationWorkItem item, Runnable task) {
    return () -> {
      try (LogContext ignored = step(item)) {
        task.run();
      }
    };
  }

  /**
   * {@code task} run with the instance and execution of {@code item}: the activities a thread runs in a row
   * and the steps they trigger are all of that one instance ({@link ActivityRunner} adds each activity's
   * name while it runs).
   */
  static Runnable around(ActivityWorkItem item, Runnable task) {
    return () -> {
      try (LogContext ignored = put(INSTANCE_ID, item.instanceId(), EXECUTION_ID, item.executionId())) {
        task.run();
      }
    };
  }

  /**
   * An executor that runs each task with the MDC its submitter had: orchestration code runs on threads of
   * its own (one per session, parked between steps), and its log lines, the replay-safe logger's, should
   * name the instance as the step's do.
   */
  static ExecutorService propagating(ExecutorService threads) {
    return new AbstractExecutorService() {
      @Override
      public void execute(Runnable task) {
        Map<String, String> submitter = MDC.getCopyOfContextMap();
        threads.execute(() -> {
          Map<String, String> own = MDC.getCopyOfContextMap();
          setContextMap(submitter);
          try {
            task.run();
          } finally {
            setContextMap(own);
          }
        });
      }

      @Override
      public void shutdown() {
        threads.shutdown();
      }

      @Override
      public List<Runnable> shutdownNow() {
        return threads.shutdownNow();
      }

      @Override
      public boolean isShutdown() {
        return threads.isShutdown();
      }

      @Override
      public boolean isTerminated() {
        return threads.isTerminated();
      }

      @Override
      public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
      }
    };
  }

  private static void setContextMap(Map<String, String> map) {
    if (map == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(map);
    }
  }

  private static LogContext put(String... keysAndValues) {
    int n = keysAndValues.length / 2;
    String[] keys = new String[n];
    String[] previous = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = keysAndValues[2 * i];
      previous[i] = MDC.get(keys[i]);
      String value = keysAndValues[2 * i + 1];
      if (value == null) {
        MDC.remove(keys[i]);
      } else {
        MDC.put(keys[i], value);
      }
    }
    return new LogContext(keys, previous);
  }

  /** Puts back what the keys held before this scope opened. */
  @Override
  public void close() {
    for (int i = keys.length - 1; i >= 0; i--) {
      if (previous[i] == null) {
        MDC.remove(keys[i]);
      } else {
        MDC.put(keys[i], previous[i]);
      }
    }
  }
}
