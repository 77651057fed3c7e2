package io.duraflow.history;

import java.time.Instant;

/** A request to rewind a failed instance: its failed tasks run again. */
public record ExecutionRewound(Instant timestamp, String reason) implements HistoryEvent {}
