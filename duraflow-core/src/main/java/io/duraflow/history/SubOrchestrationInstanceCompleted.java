package io.duraflow.history;

import java.time.Instant;

/** Sub-orchestration task {@code taskScheduledId} completed with {@code result} (JSON). */
public record SubOrchestrationInstanceCompleted(Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {}
