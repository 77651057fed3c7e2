package com.example.greetings;

import io.duraflow.api.TaskRegistry;
import io.duraflow.api.WorkflowProvider;

/** The plug-in way: {@code duraflow serve --plugins DIR} with this jar in DIR finds this class by ServiceLoader. */
public final class GreetingsProvider implements WorkflowProvider {
  @Override
  public void register(TaskRegistry.Builder registry) {
    Greetings.register(registry);
  }
}
