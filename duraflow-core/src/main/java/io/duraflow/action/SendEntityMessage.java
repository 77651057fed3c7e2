package io.duraflow.action;

import io.duraflow.history.HistoryEvent;
import java.time.Instant;

/**
 * Send {@code message} (an entity signal, call, lock request or unlock) to entity instance
 * {@code targetInstanceId} ({@code @name@key}), visible at {@code visibleAt} (null for now), as task
 * {@code id}. The message is also what history records for the action, so replay matches on it.
 */
public record SendEntityMessage(int id, String targetInstanceId, HistoryEvent message, Instant visibleAt)
    implements OrchestratorAction {}
