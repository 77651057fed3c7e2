package io.duraflow.store;

/**
 * Told when an instance reaches a terminal status (see
 * {@link io.duraflow.api.OrchestrationRuntimeStatus#isTerminal()}). Called on a store thread, quickly, after the change is committed; for instances finished by
 * other nodes only where the database can notify. {@code taskHub} and {@code instanceId} are null when
 * the store cannot tell which instances finished (notifications were lost): re-check them all.
 */
@FunctionalInterface
public interface CompletionListener {
  /**
   * @param finalState the instance row as committed, when this process committed it; null when only the id
   *     is known (read the instance to see it)
   */
  void completed(String taskHub, String instanceId, InstanceRecord finalState);
}
