package io.duraflow.history;

import java.time.Instant;

/** A request to resume a suspended instance. */
public record ExecutionResumed(Instant timestamp, String reason) implements HistoryEvent {}
