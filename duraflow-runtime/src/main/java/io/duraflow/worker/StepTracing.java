package io.duraflow.worker;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TraceContext;
import io.duraflow.replay.OrchestrationSession;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.tracing.Propagation;
import io.duraflow.tracing.SpanAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;

/**
 * One {@code orchestration:NAME} span (kind CONSUMER: a step consumes the instance's new messages) per
 * orchestration step, on every path that steps an instance (claimed, held on the fast path, started
 * inline). Its parent is the trace stored on the execution's {@code ExecutionStarted}; its own context goes
 * to what the step starts: the activities it schedules, the sub-orchestrations it creates and the next
 * execution after continue-as-new.
 */
final class StepTracing {
  private final Tracer tracer;

  StepTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SpanAttributes.SCOPE);
  }

  /** An open step span. Used by one thread. */
  final class Step {
    private final Span span;

    private Step(Span span) {
      this.span = span;
    }

    /** What the step's activities and the executions it starts store as their parent, or null when untraced. */
    TraceContext context() {
      return Propagation.of(span.getSpanContext());
    }

    /** Records what the committed step did. */
    void committed(OrchestrationStepCommit commit) {
      OrchestrationRuntimeStatus status = commit.update().runtimeStatus();
      span.setAttribute(SpanAttributes.OUTCOME, status.wireName());
      span.setAttribute(SpanAttributes.SCHEDULED_ACTIVITIES, (long) commit.activities().size());
      if (status == OrchestrationRuntimeStatus.FAILED) {
        var failure = commit.update().failureDetails();
        span.setStatus(StatusCode.ERROR, failure == null ? "orchestration failed"
            : failure.errorType() + (failure.errorMessage() == null ? "" : ": " + failure.errorMessage()));
      }
    }

    /** The step failed before or in its commit; it will be retried (see {@code StepFailures}). */
    void failed(Throwable t) {
      span.setAttribute(SpanAttributes.OUTCOME, "Error");
      span.recordException(t);
      span.setStatus(StatusCode.ERROR, String.valueOf(t.getMessage()));
    }

    void end() {
      span.end();
    }
  }

  /**
   * Opens the span of a step of {@code item}.
   *
   * @param parent the execution's stored trace (see {@link #parentOf}), or null for a new trace
   * @param replayed past events the step replays, 0 when the instance's code is running here already
   * @param newEvents events the step delivers, its {@code OrchestratorStarted} included
   */
  Step start(OrchestrationWorkItem item, TraceContext parent, int replayed, int newEvents) {
    var instance = item.instance();
    return new Step(tracer.spanBuilder("orchestration:" + instance.name()).setSpanKind(SpanKind.CONSUMER)
        .setParent(Propagation.parentContext(parent))
        .setAttribute(SpanAttributes.TYPE, "orchestration").setAttribute(SpanAttributes.NAME, instance.name())
        .setAttribute(SpanAttributes.INSTANCE_ID, item.instanceId())
        .setAttribute(SpanAttributes.EXECUTION_ID, instance.executionId())
        .setAttribute(SpanAttributes.TASK_HUB, item.taskHub())
        .setAttribute(SpanAttributes.REPLAYED_EVENTS, (long) replayed)
        .setAttribute(SpanAttributes.NEW_EVENTS, (long) newEvents)
        .startSpan());
  }

  /**
   * The trace stored with the running execution's start: kept by a session that already replayed it, or
   * found in the step's new events (the first step) or in the past history just loaded.
   */
  static TraceContext parentOf(OrchestrationSession session, List<HistoryEvent> events, List<HistoryEvent> past) {
    ExecutionStarted started = session.started();
    if (started == null) {
      started = firstStart(events);
    }
    if (started == null) {
      started = firstStart(past);
    }
    return started == null ? null : started.parentTrace();
  }

  /** The parent trace of the execution whose history is {@code history}, or null. */
  static TraceContext parentOf(List<HistoryEvent> history) {
    ExecutionStarted started = firstStart(history);
    return started == null ? null : started.parentTrace();
  }

  private static ExecutionStarted firstStart(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e instanceof ExecutionStarted es) {
        return es;
      }
    }
    return null;
  }
}
