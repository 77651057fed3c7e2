package io.duraflow.api;

/**
 * Checks an orchestration's input when it is started, so that a caller who sends the wrong shape is told
 * at once (HTTP 400, an {@link IllegalArgumentException} from the client) instead of getting an instance
 * that fails on its first step. Registered with {@link TaskRegistry.Builder#addOrchestration(String,
 * TaskOrchestration, InputCheck)}.
 */
@FunctionalInterface
public interface InputCheck {
  /**
   * @param inputJson the input as the JSON text that will be stored (null for none)
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  void check(String inputJson);
}
