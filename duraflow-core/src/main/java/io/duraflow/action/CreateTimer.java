package io.duraflow.action;

import java.time.Instant;

/** Fire timer {@code id} at {@code fireAt}. */
public record CreateTimer(int id, Instant fireAt) implements OrchestratorAction {}
