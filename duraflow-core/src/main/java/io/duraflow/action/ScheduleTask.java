package io.duraflow.action;

/** Run activity {@code name} with {@code input} (JSON) as task {@code id}. */
public record ScheduleTask(int id, String name, String input) implements OrchestratorAction {}
