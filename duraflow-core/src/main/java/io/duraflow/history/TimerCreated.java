package io.duraflow.history;

import java.time.Instant;

/** The orchestration created durable timer {@code taskId} firing at {@code fireAt}. */
public record TimerCreated(Instant timestamp, int taskId, Instant fireAt) implements HistoryEvent {}
