package io.duraflow.samples;

import io.duraflow.api.TaskRegistry;

/** Registers the built-in samples. */
public final class Samples {
  private Samples() {}

  /** Adds HelloSequence (with its SayHello activity) and Approval to {@code builder}. */
  public static TaskRegistry.Builder register(TaskRegistry.Builder builder) {
    return builder
        .addOrchestration(HelloSequence.NAME, HelloSequence.orchestration())
        .addActivity(HelloSequence.ACTIVITY, HelloSequence.sayHello())
        .addOrchestration(Approval.NAME, Approval.orchestration());
  }
}
