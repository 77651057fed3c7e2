package io.duraflow.api;

/**
 * Orchestration code: a function that schedules tasks through its context and returns the
 * orchestration's output.
 *
 * <p><b>Determinism rules.</b> The engine re-runs this code from the start against the recorded history
 * whenever it has to rebuild an instance (after a restart, on another node, after a cache eviction).
 * Replayed code must therefore make the same calls in the same order:
 *
 * <ul>
 *   <li>use {@link TaskOrchestrationContext#currentInstant()} instead of {@code Instant.now()} and
 *       {@link TaskOrchestrationContext#newUuid()} instead of {@code UUID.randomUUID()};
 *   <li>do I/O (HTTP, files, databases) and anything random only in activities;
 *   <li>do not start threads, sleep or block except through {@link Task#await()};
 *   <li>do not catch {@link Error}: the engine unwinds the code with one when it unloads an instance.
 * </ul>
 *
 * When replayed code schedules something other than what history recorded, the instance fails with a
 * {@link io.duraflow.api.NonDeterministicOrchestrationException}.
 */
@FunctionalInterface
public interface TaskOrchestration {

  /**
   * Runs the orchestration.
   *
   * @return the output (serialised to JSON by the engine), or null
   * @throws Exception any failure, which fails the instance with its details
   */
  Object run(TaskOrchestrationContext ctx) throws Exception;
}
