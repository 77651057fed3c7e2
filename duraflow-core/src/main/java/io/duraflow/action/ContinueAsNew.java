package io.duraflow.action;

import io.duraflow.history.HistoryEvent;
import java.util.List;

/**
 * End this execution and start a new one of the same instance with {@code newInput}, delivering
 * {@code carryoverEvents} (external events not yet consumed) to it.
 *
 * @param version the orchestration version the next execution runs on, or null to keep the instance's
 */
public record ContinueAsNew(int id, String newInput, List<HistoryEvent> carryoverEvents, String version)
    implements OrchestratorAction {

  /** A continue-as-new on the same version. */
  public ContinueAsNew(int id, String newInput, List<HistoryEvent> carryoverEvents) {
    this(id, newInput, carryoverEvents, null);
  }
}
