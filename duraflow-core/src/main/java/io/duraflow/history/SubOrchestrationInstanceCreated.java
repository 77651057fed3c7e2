package io.duraflow.history;

import java.time.Instant;

/** The orchestration started sub-orchestration {@code name} as task {@code taskId}. */
public record SubOrchestrationInstanceCreated(Instant timestamp, int taskId, String name, String instanceId, String input) implements HistoryEvent {}
