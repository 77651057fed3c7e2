package io.duraflow.replaycheck;

import io.duraflow.api.OrchestrationRuntimeStatus;
import java.util.List;

/**
 * What a {@link ReplayCheck} found: one result per instance it looked at.
 *
 * @param results in the order checked (live instances first, then the completed sample)
 */
public record ReplayReport(List<Result> results) {

  public ReplayReport {
    results = List.copyOf(results);
  }

  /** How the replay of one instance went. */
  public enum Outcome {
    /** The code reproduced every step the history records. */
    COMPATIBLE,
    /** The code took another path than the history records: the instance would fail after the deploy. */
    NON_DETERMINISTIC,
    /**
     * Neither the orchestration nor the version the instance started on is in the checked registry: not
     * a failure of the code (the instance waits for a node with its version), but it was not checked.
     */
    CODE_MISSING,
    /** The code neither awaited a task nor returned within the deadline (a busy loop or blocking I/O). */
    TIMED_OUT,
    /** Nothing to replay yet: the instance has no history (a scheduled start). */
    NOT_STARTED
  }

  /**
   * One instance's replay.
   *
   * @param version the orchestration version the instance started on, or null (unversioned)
   * @param detail for {@link Outcome#NON_DETERMINISTIC}, the executor's message naming the history event
   *     and what the code now does; for the other outcomes a short explanation; null when compatible
   * @param historyEvents how many history events were replayed
   */
  public record Result(String instanceId, String name, String version, OrchestrationRuntimeStatus status,
      Outcome outcome, String detail, int historyEvents) {}

  /** True when no replay hit non-determinism or its deadline; missing code and pending starts do not count. */
  public boolean compatible() {
    return incompatible().isEmpty();
  }

  /** The results that would break: non-deterministic or timed out. */
  public List<Result> incompatible() {
    return results.stream()
        .filter(r -> r.outcome() == Outcome.NON_DETERMINISTIC || r.outcome() == Outcome.TIMED_OUT).toList();
  }

  /** How many results have {@code outcome}. */
  public long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** One line for logs and assertion messages, then one line per incompatible instance. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("replay check: ").append(results.size()).append(" instance(s), ")
        .append(count(Outcome.COMPATIBLE)).append(" compatible, ").append(incompatible().size()).append(" incompatible, ")
        .append(count(Outcome.CODE_MISSING)).append(" without code here, ").append(count(Outcome.NOT_STARTED))
        .append(" not started");
    for (Result r : incompatible()) {
      s.append('\n').append("  ").append(r.instanceId()).append(" (").append(r.name())
          .append(r.version() == null ? "" : " version " + r.version()).append("): ").append(r.detail());
    }
    return s.toString();
  }
}
