package io.duraflow.history;

import java.util.List;
import java.time.Instant;

/** Orchestration {@code parentInstanceId} asked, as task {@code taskId}, for critical section {@code criticalSectionId} on the entities {@code lockSet} (entity instance ids in the global lock order). The request travels from entity to entity: the entity at {@code position} takes its lock and forwards the request to the next one; the last answers with {@link EntityLockGranted}. */
public record EntityLockRequested(Instant timestamp, int taskId, String criticalSectionId, List<String> lockSet, int position, String parentInstanceId, String parentExecutionId) implements HistoryEvent {
  /** This event's stored kind: a constant, so renaming the class never changes stored data. */
  public static final String KIND = "EntityLockRequested";

  @Override
  public String eventType() {
    return KIND;
  }
}
