package io.duraflow.history;

import java.time.Instant;

/** A request to terminate the instance; {@code reason} becomes its output. */
public record ExecutionTerminated(Instant timestamp, String reason) implements HistoryEvent {}
