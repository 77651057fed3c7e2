package io.duraflow.store;

import io.duraflow.history.TraceContext;
import java.time.Duration;

/**
 * A leased activity call.
 *
 * @param lockVersion the version the claim set; completion checks it
 * @param dequeueCount how many times the item has been claimed, including this time
 * @param trace the trace context its {@link NewActivity} was scheduled with, or null
 * @param heartbeatTimeout the attempt's heartbeat timeout, or null
 * @param heartbeatDetails the latest heartbeat details stored for the attempt (its own from an earlier
 *     delivery, else the previous attempt's), or null
 * @param queue the named task queue of the item, or null for the default queue
 */
public record ActivityWorkItem(
    long id,
    String taskHub,
    String instanceId,
    String executionId,
    int taskId,
    String name,
    String input,
    long lockVersion,
    int dequeueCount,
    TraceContext trace,
    Duration heartbeatTimeout,
    String heartbeatDetails,
    String queue) {

  /** An item without trace context. */
  public ActivityWorkItem(long id, String taskHub, String instanceId, String executionId, int taskId, String name,
      String input, long lockVersion, int dequeueCount) {
    this(id, taskHub, instanceId, executionId, taskId, name, input, lockVersion, dequeueCount, null);
  }

  /** An item without heartbeat timeout or details. */
  public ActivityWorkItem(long id, String taskHub, String instanceId, String executionId, int taskId, String name,
      String input, long lockVersion, int dequeueCount, TraceContext trace) {
    this(id, taskHub, instanceId, executionId, taskId, name, input, lockVersion, dequeueCount, trace, null, null);
  }

  /** An item of the default queue. */
  public ActivityWorkItem(long id, String taskHub, String instanceId, String executionId, int taskId, String name,
      String input, long lockVersion, int dequeueCount, TraceContext trace, Duration heartbeatTimeout,
      String heartbeatDetails) {
    this(id, taskHub, instanceId, executionId, taskId, name, input, lockVersion, dequeueCount, trace,
        heartbeatTimeout, heartbeatDetails, null);
  }
}
