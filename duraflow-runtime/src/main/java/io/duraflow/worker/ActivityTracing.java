package io.duraflow.worker;

import io.duraflow.api.FailureDetails;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskFailed;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.tracing.Propagation;
import io.duraflow.tracing.SpanAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Function;

/**
 * One {@code activity:NAME} span (kind CONSUMER) per activity execution, a child of the step that scheduled
 * it (its context travels on the work item, so this holds on any node and after any delay). The span is
 * current while the activity runs, so spans the activity's own code makes (an instrumented HTTP call) nest
 * under it.
 */
final class ActivityTracing {
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  private final Tracer tracer;

  ActivityTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SpanAttributes.SCOPE);
  }

  /** Runs {@code run} on {@code item} inside its span; a {@code TaskFailed} result marks the span failed. */
  HistoryEvent traced(ActivityWorkItem item, Function<ActivityWorkItem, HistoryEvent> run) {
    Span span = tracer.spanBuilder("activity:" + item.name()).setSpanKind(SpanKind.CONSUMER)
        .setParent(Propagation.parentContext(item.trace()))
        .setAttribute(SpanAttributes.TYPE, "activity").setAttribute(SpanAttributes.NAME, item.name())
        .setAttribute(SpanAttributes.INSTANCE_ID, item.instanceId())
        .setAttribute(SpanAttributes.EXECUTION_ID, item.executionId()).setAttribute(SpanAttributes.TASK_HUB, item.taskHub())
        .setAttribute(SpanAttributes.TASK_ID, (long) item.taskId())
        .setAttribute(SpanAttributes.ATTEMPT, (long) item.dequeueCount())
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      HistoryEvent result = run.apply(item);
      if (result instanceof TaskFailed failed) {
        span.setAttribute(SpanAttributes.OUTCOME, "Failed");
        recordFailure(span, failed.failureDetails());
      } else {
        span.setAttribute(SpanAttributes.OUTCOME, "Completed");
      }
      return result;
    } catch (RuntimeException | Error e) {
      span.recordException(e); // the run itself broke (the item is abandoned and runs again)
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * The activity's exception, as {@code recordException} would write it: the runner already turned the
   * Throwable into {@link FailureDetails} (type, message, stack trace text), which is what history keeps.
   */
  private static void recordFailure(Span span, FailureDetails details) {
    if (details == null) {
      span.setStatus(StatusCode.ERROR);
      return;
    }
    var attributes = Attributes.builder().put(EXCEPTION_TYPE, details.errorType());
    if (details.errorMessage() != null) {
      attributes.put(EXCEPTION_MESSAGE, details.errorMessage());
    }
    if (details.stackTrace() != null) {
      attributes.put(EXCEPTION_STACKTRACE, details.stackTrace());
    }
    span.addEvent("exception", attributes.build());
    span.setStatus(StatusCode.ERROR, details.errorType() + (details.errorMessage() == null ? "" : ": " + details.errorMessage()));
  }
}
