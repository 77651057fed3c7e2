package io.duraflow.client;

import io.duraflow.history.TraceContext;
import io.duraflow.tracing.Propagation;
import io.duraflow.tracing.SpanAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.function.Function;

/**
 * The client's {@code create_orchestration:NAME} span (kind PRODUCER, as durabletask's): its context is what
 * the instance stores as its parent trace, so every step of the instance is its child. Its parent is the
 * caller's {@code traceparent} when one was given and valid, else the span current on the calling thread
 * (an application calling the client inside its own span), else none: a new trace.
 */
final class StartTracing {
  private final Tracer tracer;

  StartTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SpanAttributes.SCOPE);
  }

  /**
   * Runs {@code create} (which stores the instance with the trace context it is given) inside the span.
   * With tracing off (the no-op API) the stored context is the caller's own, so a node that traces can
   * still continue the caller's trace.
   */
  <T> T traced(String taskHub, String name, String instanceId, TraceContext requested, Function<TraceContext, T> create) {
    TraceContext parent = requested == null ? null : Propagation.parse(requested.traceParent(), requested.traceState());
    Context context = parent != null ? Propagation.parentContext(parent) : Context.current();
    Span span = tracer.spanBuilder("create_orchestration:" + name).setSpanKind(SpanKind.PRODUCER).setParent(context)
        .setAttribute(SpanAttributes.TYPE, "create_orchestration").setAttribute(SpanAttributes.NAME, name)
        .setAttribute(SpanAttributes.INSTANCE_ID, instanceId).setAttribute(SpanAttributes.TASK_HUB, taskHub)
        .startSpan();
    try {
      return create.apply(Propagation.of(span.getSpanContext()));
    } catch (RuntimeException | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      span.end();
    }
  }
}
