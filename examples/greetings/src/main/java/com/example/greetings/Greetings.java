package com.example.greetings;

import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The application's orchestration and activity: greet every city in parallel, then join the greetings. */
public final class Greetings {
  private Greetings() {}

  /** Adds them to a registry: used by the embedded app and by the plug-in alike. */
  public static TaskRegistry.Builder register(TaskRegistry.Builder registry) {
    return registry
        .addOrchestration("Greetings", ctx -> {
          List<Task<String>> calls = new ArrayList<>();
          for (String city : ctx.getInput(String[].class)) {
            calls.add(ctx.callActivity("SayHello", city, RetryPolicy.of(3, Duration.ofSeconds(1)), String.class));
          }
          return String.join(" ", ctx.allOf(calls).await()); // fan-in, in call order
        })
        .addActivity("SayHello", ctx -> "Hello " + ctx.getInput(String.class).toUpperCase(Locale.ROOT) + "!");
  }
}
