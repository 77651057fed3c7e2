package io.duraflow.history;

import java.time.Instant;

/** The orchestration scheduled activity {@code name} as task {@code taskId}. */
public record TaskScheduled(Instant timestamp, int taskId, String name, String input) implements HistoryEvent {}
