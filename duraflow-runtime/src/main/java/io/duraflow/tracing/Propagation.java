package io.duraflow.tracing;

import io.duraflow.history.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts between the stored {@link TraceContext} (W3C header text) and OpenTelemetry contexts, with the
 * API's W3C propagator so that parsing follows the specification (a malformed {@code traceparent} is
 * ignored, never an error).
 */
public final class Propagation {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private Propagation() {}

  /**
   * The trace context of the W3C headers {@code traceparent} and {@code tracestate}, or null when
   * {@code traceParent} is absent or malformed (then the work starts a trace of its own).
   */
  public static TraceContext parse(String traceParent, String traceState) {
    if (traceParent == null || traceParent.isBlank()) {
      return null;
    }
    return of(Span.fromContext(extract(new TraceContext(traceParent.trim(), traceState))).getSpanContext());
  }

  /**
   * A context whose (remote) parent span is {@code trace}; the root context, so a new trace, when it is
   * null or malformed.
   */
  public static Context parentContext(TraceContext trace) {
    return trace == null ? Context.root() : extract(trace);
  }

  /** The stored form of {@code span}'s context, or null when it is not valid (tracing off, no parent). */
  public static TraceContext of(SpanContext span) {
    if (span == null || !span.isValid()) {
      return null;
    }
    Map<String, String> headers = new HashMap<>();
    W3C.inject(Context.root().with(Span.wrap(span)), headers, Map::put);
    String state = headers.get("tracestate");
    return new TraceContext(headers.get("traceparent"), state == null || state.isEmpty() ? null : state);
  }

  private static Context extract(TraceContext trace) {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", trace.traceParent());
    if (trace.traceState() != null) {
      headers.put("tracestate", trace.traceState());
    }
    return W3C.extract(Context.root(), headers, MAP_GETTER);
  }
}
