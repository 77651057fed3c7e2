package io.duraflow.store;

/** An activity call a step schedules for its own instance. */
public record NewActivity(int taskId, String name, String input) {}
