package io.duraflow.samples;

import io.duraflow.api.TaskActivity;
import io.duraflow.api.TaskOrchestration;
import java.util.List;

/**
 * The Durable Functions classic: three activity calls in a row. Input: none, or a JSON array of names to
 * greet in order (default Tokyo, Seattle, London). Output: the list of greetings.
 */
public final class HelloSequence {
  public static final String NAME = "HelloSequence";
  public static final String ACTIVITY = "SayHello";
  static final List<String> DEFAULT_CITIES = List.of("Tokyo", "Seattle", "London");

  private HelloSequence() {}

  public static TaskOrchestration orchestration() {
    return ctx -> {
      String[] names = ctx.getRawInput() == null ? null : ctx.getInput(String[].class);
      List<String> cities = names == null ? DEFAULT_CITIES : List.of(names);
      java.util.ArrayList<String> greetings = new java.util.ArrayList<>();
      for (String city : cities) {
        greetings.add(ctx.callActivity(ACTIVITY, city, String.class).await());
      }
      return greetings;
    };
  }

  public static TaskActivity sayHello() {
    return ctx -> "Hello " + ctx.getInput(String.class) + "!";
  }
}
