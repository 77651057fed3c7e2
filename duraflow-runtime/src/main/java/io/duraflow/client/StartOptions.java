package io.duraflow.client;

import io.duraflow.history.TraceContext;
import io.duraflow.store.IdReusePolicy;
import java.time.Instant;
import java.util.Map;

/**
 * Options for starting an instance.
 *
 * @param instanceId the id to use, or null for a random one
 * @param startAt when to start, or null for now
 * @param traceParent the W3C trace context the instance's spans continue (an HTTP caller's
 *     {@code traceparent}), or null for the span current on the calling thread, if any; a malformed one is
 *     ignored and the instance starts a trace of its own
 * @param version the orchestration version to start (Durable Functions' starter {@code version}), or null
 *     for the default version; the start is refused when neither this node nor a running worker has it
 * @param idReuse what happens when an unfinished instance holds {@code instanceId}: by default the start
 *     fails ({@link io.duraflow.api.InstanceAlreadyExistsException}), as it always did (docs/queues.md)
 * @param reuseCompleted whether a finished instance's id may be reused (default true: the finished one is
 *     replaced, as it always was); false makes such a start fail, or with USE_EXISTING keep the finished one
 * @param tags tags (search attributes) to give the instance, found with the list filter {@code tag.KEY=VALUE}
 * @param queue the task queue whose limits admit the instance's first step, or null for none
 * @param priority higher is admitted first within the queue
 */
public record StartOptions(String instanceId, Instant startAt, TraceContext traceParent, String version,
    IdReusePolicy idReuse, boolean reuseCompleted, Map<String, String> tags, String queue, int priority) {

  public StartOptions {
    idReuse = idReuse == null ? IdReusePolicy.FAIL_IF_RUNNING : idReuse;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (queue != null && (queue.isBlank() || queue.length() > io.duraflow.store.QueueDefinition.MAX_NAME_LENGTH)) {
      throw new IllegalArgumentException("A task queue name must be 1-" + io.duraflow.store.QueueDefinition.MAX_NAME_LENGTH
          + " characters; pass null for no queue");
    }
  }

  /** Options with the default id policy, no tags and no queue. */
  public StartOptions(String instanceId, Instant startAt, TraceContext traceParent, String version) {
    this(instanceId, startAt, traceParent, version, IdReusePolicy.FAIL_IF_RUNNING, true, Map.of(), null, 0);
  }

  /** Options without a trace parent. */
  public StartOptions(String instanceId, Instant startAt) {
    this(instanceId, startAt, null);
  }

  /** Options for the default version. */
  public StartOptions(String instanceId, Instant startAt, TraceContext traceParent) {
    this(instanceId, startAt, traceParent, null);
  }

  public static StartOptions defaults() {
    return new StartOptions(null, null);
  }

  public static StartOptions withInstanceId(String instanceId) {
    return new StartOptions(instanceId, null);
  }

  /** These options with {@code value} as the trace parent. */
  public StartOptions withTraceParent(TraceContext value) {
    return new StartOptions(instanceId, startAt, value, version, idReuse, reuseCompleted, tags, queue, priority);
  }

  /** These options with {@code value} as the version to start (null: the default version). */
  public StartOptions withVersion(String value) {
    return new StartOptions(instanceId, startAt, traceParent, value, idReuse, reuseCompleted, tags, queue, priority);
  }

  /** These options with {@code value} as the policy for an id an unfinished instance holds. */
  public StartOptions withIdReuse(IdReusePolicy value) {
    return new StartOptions(instanceId, startAt, traceParent, version, value, reuseCompleted, tags, queue, priority);
  }

  /** These options allowing ({@code true}, the default) or denying reuse of a finished instance's id. */
  public StartOptions withReuseCompleted(boolean value) {
    return new StartOptions(instanceId, startAt, traceParent, version, idReuse, value, tags, queue, priority);
  }

  /** These options with {@code value} as the instance's tags. */
  public StartOptions withTags(Map<String, String> value) {
    return new StartOptions(instanceId, startAt, traceParent, version, idReuse, reuseCompleted, value, queue, priority);
  }

  /** These options with the instance's first step admitted by task queue {@code name} (docs/queues.md). */
  public StartOptions withQueue(String name) {
    return new StartOptions(instanceId, startAt, traceParent, version, idReuse, reuseCompleted, tags, name, priority);
  }

  /** These options with {@code value} as the priority within the queue. */
  public StartOptions withPriority(int value) {
    return new StartOptions(instanceId, startAt, traceParent, version, idReuse, reuseCompleted, tags, queue, value);
  }
}
