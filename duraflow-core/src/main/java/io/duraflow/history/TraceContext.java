package io.duraflow.history;

/**
 * A W3C Trace Context (https://www.w3.org/TR/trace-context/) carried durably with the work it caused, as
 * durabletask's {@code TraceContext} is on {@code ExecutionStartedEvent} and {@code TaskScheduledEvent}: the
 * span that started an instance, or the step span that scheduled an activity, so that work running on
 * another node, after a restart or much later still joins the same trace.
 *
 * <p>Plain text, so the core needs no tracing library; whoever reads it (the runtime's tracing) validates
 * it and ignores a malformed value.
 *
 * @param traceParent the {@code traceparent} value, e.g. {@code 00-<32 hex trace id>-<16 hex span id>-01}
 * @param traceState the {@code tracestate} value, or null
 */
public record TraceContext(String traceParent, String traceState) {
  public TraceContext {
    java.util.Objects.requireNonNull(traceParent, "traceParent");
  }
}
