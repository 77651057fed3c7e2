package io.duraflow.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span names and attributes Duraflow writes. The shared ones take durabletask's names (its distributed
 * tracing specification), so dashboards built for Durable Functions read them; Duraflow's own carry the
 * {@code duraflow.} prefix.
 */
public final class SpanAttributes {
  /** The instrumentation scope of every Duraflow span. */
  public static final String SCOPE = "io.duraflow";

  /** {@code create_orchestration}, {@code orchestration} or {@code activity}. */
  public static final AttributeKey<String> TYPE = AttributeKey.stringKey("durabletask.type");
  /** The orchestration's or activity's name. */
  public static final AttributeKey<String> NAME = AttributeKey.stringKey("durabletask.task.name");
  public static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("durabletask.task.instance_id");
  public static final AttributeKey<String> EXECUTION_ID = AttributeKey.stringKey("durabletask.task.execution_id");
  /** The activity's task id: its sequence number in the orchestration, pairing it with its history events. */
  public static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("durabletask.task.task_id");
  /** The task hub of the instance. */
  public static final AttributeKey<String> TASK_HUB = AttributeKey.stringKey("duraflow.task_hub");
  /** Past history events the step replayed (0 when the node had the instance's code running already). */
  public static final AttributeKey<Long> REPLAYED_EVENTS = AttributeKey.longKey("duraflow.step.replayed_events");
  /** The events the step delivered to the code, its {@code OrchestratorStarted} included. */
  public static final AttributeKey<Long> NEW_EVENTS = AttributeKey.longKey("duraflow.step.new_events");
  /** Activities the step scheduled. */
  public static final AttributeKey<Long> SCHEDULED_ACTIVITIES = AttributeKey.longKey("duraflow.step.scheduled_activities");
  /** The attempt: 1 for an activity's first run, more after a crash or lost lease ran it again. */
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("duraflow.activity.attempt");
  /**
   * A step's outcome: the instance's status after it ({@code Running}, {@code Completed}, {@code Failed},
   * {@code ContinuedAsNew}, {@code Suspended}, {@code Terminated}), or {@code Error} when the step itself
   * failed and was not committed; an activity's: {@code Completed} or {@code Failed}.
   */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("duraflow.outcome");

  private SpanAttributes() {}
}
