package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import java.time.Instant;

/** Activity task {@code taskScheduledId} threw. */
public record TaskFailed(Instant timestamp, int taskScheduledId, FailureDetails failureDetails) implements HistoryEvent {}
