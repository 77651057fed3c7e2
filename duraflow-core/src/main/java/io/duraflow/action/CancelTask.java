package io.duraflow.action;

/**
 * Stop activity task {@code targetTaskId}: the orchestration no longer waits for it, and its running attempt
 * is asked to stop (its context reports cancellation). {@code id} is this action's own sequence number.
 */
public record CancelTask(int id, int targetTaskId) implements OrchestratorAction {}
