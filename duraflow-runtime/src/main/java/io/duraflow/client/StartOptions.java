package io.duraflow.client;

import io.duraflow.history.TraceContext;
import java.time.Instant;

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
 */
public record StartOptions(String instanceId, Instant startAt, TraceContext traceParent, String version) {
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
    return new StartOptions(instanceId, startAt, value, version);
  }

  /** These options with {@code value} as the version to start (null: the default version). */
  public StartOptions withVersion(String value) {
    return new StartOptions(instanceId, startAt, traceParent, value);
  }
}
