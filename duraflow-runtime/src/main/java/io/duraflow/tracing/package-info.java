/**
 * OpenTelemetry tracing of instances, on the OpenTelemetry API alone (no-op unless the application passes
 * a configured SDK to {@code DuraflowEngine.Builder#openTelemetry}).
 *
 * <p>The shape follows durabletask's distributed tracing: the starter's span (or the client's own
 * {@code create_orchestration:NAME} span) is stored with the instance's {@code ExecutionStarted}; every
 * step ({@code orchestration:NAME}) is a child of it; every activity execution ({@code activity:NAME}) is a
 * child of the step that scheduled it, whose context is stored on the activity's work item; a
 * sub-orchestration's or continued execution's start carries the context of the step that started it. So
 * the chain survives nodes, restarts and long waits: nothing but the stored W3C {@code traceparent} links
 * one span to the next.
 */
package io.duraflow.tracing;
