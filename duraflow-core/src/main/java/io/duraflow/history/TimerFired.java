package io.duraflow.history;

import java.time.Instant;

/** Timer {@code timerId} fired. */
public record TimerFired(Instant timestamp, int timerId, Instant fireAt) implements HistoryEvent {}
