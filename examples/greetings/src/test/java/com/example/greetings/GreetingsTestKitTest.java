package com.example.greetings;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.TaskRegistry;
import io.duraflow.testkit.DuraflowTestEnvironment;
import io.duraflow.testkit.FaultExplorer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Greetings orchestration under duraflow-testkit: the test docs/testing.md walks through. */
class GreetingsTestKitTest {
  private static final TaskRegistry REGISTRY = Greetings.register(TaskRegistry.builder()).build();

  @Test
  void greetsEveryCity() {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().registry(REGISTRY).build()) {
      String id = env.run("Greetings", List.of("Tokyo", "Lima"));
      assertThat(env.output(id, String.class)).isEqualTo("Hello TOKYO! Hello LIMA!");
    }
  }

  @Test
  void failedGreeting_isRetriedAfterItsBackoff_inVirtualTime() {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().registry(REGISTRY).build()) {
      env.failActivity("SayHello", "greeting service down");
      String id = env.run("Greetings", List.of("Tokyo"));
      assertThat(env.activityCalls("SayHello")).isEqualTo(1);

      env.stubActivity("SayHello", String.class, city -> "Hi " + city);
      env.advance(Duration.ofSeconds(1)); // the retry policy's first interval: no real waiting
      assertThat(env.activityCalls("SayHello")).isEqualTo(2);
      assertThat(env.output(id, String.class)).isEqualTo("Hi Tokyo");
    }
  }

  @Test
  void survivesACrashAtEveryStep() {
    FaultExplorer.of(b -> b.registry(REGISTRY),
            env -> env.outcome(env.run("Greetings", List.of("Tokyo", "Lima", "Oslo"))))
        .checkAllCrashPoints()
        .assertNoFailures();
  }

  @Test
  void survivesRandomFaultsAndReorderedResults() {
    FaultExplorer.of(b -> b.registry(REGISTRY),
            env -> env.outcome(env.run("Greetings", List.of("Tokyo", "Lima", "Oslo"))))
        .explore(42, 10)
        .assertNoFailures();
  }
}
