package io.duraflow.history;

import java.time.Instant;

/** A step of the orchestration began; its timestamp is the orchestration's current time. */
public record OrchestratorStarted(Instant timestamp) implements HistoryEvent {}
