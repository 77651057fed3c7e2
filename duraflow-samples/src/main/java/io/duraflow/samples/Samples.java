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

  /**
   * Adds the sample entity {@link Counter} ({@code counter}). Separate from {@link #register}: a worker
   * with entities also polls for entity work, which engines that only run orchestrations do not need.
   */
  public static TaskRegistry.Builder registerEntities(TaskRegistry.Builder builder) {
    return builder.addEntity(Counter.NAME, Counter.class);
  }
}
