package io.duraflow.history;

import java.time.Instant;

/** A request to suspend the instance: later events wait until it is resumed. */
public record ExecutionSuspended(Instant timestamp, String reason) implements HistoryEvent {}
