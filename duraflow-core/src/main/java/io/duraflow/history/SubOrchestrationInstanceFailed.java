package io.duraflow.history;

import io.duraflow.api.FailureDetails;
import java.time.Instant;

/** Sub-orchestration task {@code taskScheduledId} failed. */
public record SubOrchestrationInstanceFailed(Instant timestamp, int taskScheduledId, FailureDetails failureDetails) implements HistoryEvent {}
