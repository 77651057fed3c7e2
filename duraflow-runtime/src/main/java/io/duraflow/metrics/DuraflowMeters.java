package io.duraflow.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every meter Duraflow records, with its tags and meaning: the one list that the code registers from and
 * docs/operations.md ("Metrics") documents (a test checks the two agree).
 *
 * <p>Tags name orchestrations and activities, never instances, so the number of series stays bounded by
 * the code a node runs. A name this node has no code for (an instance it only terminates or fails) is
 * tagged {@link #OTHER}. Counters count what this node did; in a cluster each node counts its own and
 * Prometheus sums them. The queue gauges read the shared store, so every node reports the same backlog.
 */
public final class DuraflowMeters {
  /** The tag value for an orchestration or activity name this node has no code for. */
  public static final String OTHER = "other";

  /** Micrometer's meter types, as they appear in Prometheus. */
  public enum Type {
    COUNTER("counter", "_total"),
    /** A Micrometer timer: a histogram in seconds ({@code _bucket}, {@code _count}, {@code _sum}) and {@code _max}. */
    TIMER("histogram", "_seconds"),
    /** A distribution summary: a histogram of a count, with {@code _max}. */
    SUMMARY("histogram", ""),
    GAUGE("gauge", "");

    private final String prometheusType;
    private final String suffix;

    Type(String prometheusType, String suffix) {
      this.prometheusType = prometheusType;
      this.suffix = suffix;
    }

    /** The {@code # TYPE} Prometheus shows. */
    public String prometheusType() {
      return prometheusType;
    }
  }

  /**
   * One meter.
   *
   * @param name the Micrometer name (dotted)
   * @param unit the base unit a gauge is reported in ({@code seconds}), or null
   * @param tags the tag keys it carries
   */
  public record Meter(String name, Type type, String unit, List<String> tags, String description) {
    public Meter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      tags = List.copyOf(tags);
      Objects.requireNonNull(description, "description");
    }

    /** The name Prometheus shows (a timer's or counter's without the {@code _bucket}/{@code _count}... part). */
    public String prometheusName() {
      String base = name.replace('.', '_').toLowerCase(Locale.ROOT);
      return type == Type.GAUGE && unit != null ? base + "_" + unit : base + type.suffix;
    }
  }

  public static final Meter INSTANCES_STARTED = new Meter("duraflow.instances.started", Type.COUNTER, null,
      List.of("orchestration"), "instances that left Pending in a step this node committed (a restart counts again, a continue-as-new does not)");
  public static final Meter INSTANCES_FINISHED = new Meter("duraflow.instances.finished", Type.COUNTER, null,
      List.of("orchestration", "status"), "instances this node moved to a terminal status: status is completed, failed or terminated");
  public static final Meter STEP = new Meter("duraflow.orchestration.step", Type.TIMER, null,
      List.of("orchestration"), "one orchestration step on this node, claim (or last activity result, or start request) to commit");
  public static final Meter STEP_FAILURES = new Meter("duraflow.orchestration.step.failures", Type.COUNTER, null,
      List.of(), "steps that failed outside the orchestration code (store errors, deadlines) and were retried or given up on");
  public static final Meter ACTIVITY_EXECUTIONS = new Meter("duraflow.activity.executions", Type.TIMER, null,
      List.of("activity", "outcome"), "activity executions on this node and how long each ran; outcome is completed or failed (it threw)");
  public static final Meter QUEUE_DEPTH = new Meter("duraflow.queue.depth", Type.GAUGE, null,
      List.of("kind"), "work ready to be claimed now and not leased: kind orchestration (instances with visible messages, fired timers included) or activity");
  public static final Meter QUEUE_OLDEST_AGE = new Meter("duraflow.queue.oldest.age", Type.GAUGE, "seconds",
      List.of("kind"), "how long the longest-waiting ready work item of the kind has been visible; 0 when none waits");
  public static final Meter SESSION_CACHE_LOOKUPS = new Meter("duraflow.session.cache.lookups", Type.COUNTER, null,
      List.of("result"), "steps that found their instance's orchestration loaded (result hit) or had to replay its history (result miss)");
  public static final Meter SESSION_CACHE_SIZE = new Meter("duraflow.session.cache.size", Type.GAUGE, null,
      List.of(), "instances whose orchestration code stays loaded between steps on this node");
  public static final Meter STORE_COMMIT = new Meter("duraflow.store.commit", Type.TIMER, null,
      List.of(), "one step's commit to the store (one transaction), successful or not");
  public static final Meter STORE_COMMIT_BATCH = new Meter("duraflow.store.commit.batch", Type.SUMMARY, null,
      List.of(), "messages and activity results one step commit consumed (more than 1: results batched into one step)");
  public static final Meter LEASES_LOST = new Meter("duraflow.leases.lost", Type.COUNTER, null,
      List.of("kind"), "leases this node lost to another worker or to expiry: kind orchestration or activity");
  public static final Meter MISSING_CODE = new Meter("duraflow.work.missing.code", Type.GAUGE, null,
      List.of(), "orchestration and activity names with ready work that no running worker has the code for");

  public static final Meter SCHEDULE_ACTIONS = new Meter("duraflow.schedule.actions", Type.COUNTER, null,
      List.of("outcome"), "due times of schedules this node handled: outcome started, skipped (overlap), buffered or missed (older than the catch-up window)");

  private static final List<Meter> ALL = List.of(INSTANCES_STARTED, INSTANCES_FINISHED, STEP, STEP_FAILURES,
      ACTIVITY_EXECUTIONS, QUEUE_DEPTH, QUEUE_OLDEST_AGE, SESSION_CACHE_LOOKUPS, SESSION_CACHE_SIZE, STORE_COMMIT,
      STORE_COMMIT_BATCH, LEASES_LOST, MISSING_CODE, SCHEDULE_ACTIONS);

  private DuraflowMeters() {}

  /** Every Duraflow meter, in the order the docs list them. */
  public static List<Meter> all() {
    return ALL;
  }
}
