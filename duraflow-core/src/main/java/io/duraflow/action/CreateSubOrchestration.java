package io.duraflow.action;

/** Start orchestration {@code name} as instance {@code instanceId}, awaited as task {@code id}. */
public record CreateSubOrchestration(int id, String name, String instanceId, String input) implements OrchestratorAction {}
