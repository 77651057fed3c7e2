package io.duraflow.api;

/**
 * Orchestrations and activities packaged in a jar for a Duraflow server to load: implement this, list the
 * class in {@code META-INF/services/io.duraflow.api.WorkflowProvider}, and put the jar in the directory
 * given to {@code duraflow serve --plugins DIR} (or on the server's class path). The server calls
 * {@link #register} once at start, next to its built-in samples; a name registered twice stops the start
 * with an error naming both providers.
 *
 * <pre>{@code
 * public final class GreetingsProvider implements WorkflowProvider {
 *   public void register(TaskRegistry.Builder registry) {
 *     registry.addOrchestration("Greetings", ctx -> ctx.callActivity("Greet", ctx.getInput(String.class), String.class).await())
 *             .addActivity("Greet", ctx -> "Hello " + ctx.getInput(String.class));
 *   }
 * }
 * }</pre>
 */
public interface WorkflowProvider {
  /** Adds this provider's orchestrations and activities. */
  void register(TaskRegistry.Builder registry);

  /** A name for logs and error messages; the class name by default. */
  default String name() {
    return getClass().getName();
  }
}
