package io.duraflow.history;

import java.time.Instant;

/** Activity task {@code taskScheduledId} returned {@code result} (JSON). */
public record TaskCompleted(Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {}
