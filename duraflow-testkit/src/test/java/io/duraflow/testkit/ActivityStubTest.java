package io.duraflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskOrchestration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActivityStubTest {
  private final AtomicInteger realCharges = new AtomicInteger();

  /** Charges, and reports a declined card instead of failing. */
  private static final TaskOrchestration CHECKOUT = ctx -> {
    String order = ctx.getInput(String.class);
    try {
      return ctx.callActivity("Charge", order, String.class).await();
    } catch (TaskFailedException e) {
      return "declined: " + e.getMessage();
    }
  };

  private DuraflowTestEnvironment env() {
    return DuraflowTestEnvironment.builder().orchestration("Checkout", CHECKOUT)
        .activity("Charge", ctx -> "real charge " + realCharges.incrementAndGet()).build();
  }

  @Test
  void stubActivity_replacesTheRegisteredActivity() {
    try (DuraflowTestEnvironment env = env()) {
      env.stubActivity("Charge", String.class, order -> "stubbed " + order);
      String id = env.run("Checkout", "o-1");
      assertThat(env.output(id, String.class)).isEqualTo("stubbed o-1");
      assertThat(realCharges).hasValue(0);
      assertThat(env.activityCalls("Charge")).isEqualTo(1);
    }
  }

  @Test
  void unstubbedActivity_runsTheRealCodeAndIsCounted() {
    try (DuraflowTestEnvironment env = env()) {
      String first = env.run("Checkout", "o-1");
      String second = env.run("Checkout", "o-2");
      assertThat(env.output(first, String.class)).isEqualTo("real charge 1");
      assertThat(env.output(second, String.class)).isEqualTo("real charge 2");
      assertThat(env.activityCalls("Charge")).isEqualTo(2);
    }
  }

  @Test
  void failActivity_failsTheTaskWithTheMessage() {
    try (DuraflowTestEnvironment env = env()) {
      env.failActivity("Charge", "card expired");
      String id = env.run("Checkout", "o-1");
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(env.output(id, String.class)).startsWith("declined").contains("card expired");
    }
  }

  @Test
  void stubActivity_replacedMidTest_theNextExecutionUsesTheNewStub() {
    try (DuraflowTestEnvironment env = env()) {
      env.stubActivity("Charge", ctx -> "first");
      String a = env.run("Checkout", "o-1");
      env.stubActivity("Charge", ctx -> "second");
      String b = env.run("Checkout", "o-2");
      assertThat(List.of(env.output(a, String.class), env.output(b, String.class))).containsExactly("first", "second");
    }
  }

  @Test
  void builderStub_addsAnActivityThatHasNoRealCode() {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder()
        .orchestration("Checkout", CHECKOUT).stubActivity("Charge", ctx -> "only a stub").build()) {
      assertThat(env.output(env.run("Checkout", "o-1"), String.class)).isEqualTo("only a stub");
    }
  }

  @Test
  void stubActivity_unknownName_saysWhatIsRegistered() {
    try (DuraflowTestEnvironment env = env()) {
      assertThatThrownBy(() -> env.stubActivity("Chrage", ctx -> null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'Chrage'").hasMessageContaining("[Charge]").hasMessageContaining("builder");
    }
  }
}
