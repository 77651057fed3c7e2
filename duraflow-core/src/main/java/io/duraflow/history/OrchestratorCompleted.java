package io.duraflow.history;

import java.time.Instant;

/** A step of the orchestration ended. */
public record OrchestratorCompleted(Instant timestamp) implements HistoryEvent {}
