package io.duraflow.action;

import io.duraflow.history.HistoryEvent;
import java.util.List;

/**
 * End this execution and start a new one of the same instance with {@code newInput}, delivering
 * {@code carryoverEvents} (external events not yet consumed) to it.
 */
public record ContinueAsNew(int id, String newInput, List<HistoryEvent> carryoverEvents) implements OrchestratorAction {}
