package io.duraflow.testkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.TaskRegistry;
import io.duraflow.samples.HelloSequence;
import io.duraflow.samples.Samples;
import io.duraflow.testkit.DuraflowTestEnvironment;
import io.duraflow.testkit.FaultExplorer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HelloSequence sample under the test kit. (These tests live in duraflow-testkit, not in
 * duraflow-samples: the kit depends on the runtime, whose tests depend on the samples.)
 */
class HelloSequenceTest {
  private static final TaskRegistry SAMPLES = Samples.register(TaskRegistry.builder()).build();

  @Test
  void run_greetsEachCityInOrder() {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().registry(SAMPLES).build()) {
      String id = env.run(HelloSequence.NAME, List.of("Oslo", "Lima"));
      assertThat(env.output(id, List.class)).containsExactly("Hello Oslo!", "Hello Lima!");
      assertThat(env.activityCalls(HelloSequence.ACTIVITY)).isEqualTo(2);
    }
  }

  @Test
  void stubbedSayHello_isWhatTheOrchestrationReturns() {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().registry(SAMPLES).build()) {
      env.stubActivity(HelloSequence.ACTIVITY, String.class, city -> city.toUpperCase(java.util.Locale.ROOT));
      String id = env.run(HelloSequence.NAME, List.of("Oslo", "Lima"));
      assertThat(env.output(id, List.class)).containsExactly("OSLO", "LIMA");
    }
  }

  @Test
  void everyCrashPoint_reachesTheSameGreetings() {
    FaultExplorer.of(b -> b.registry(SAMPLES), env -> env.outcome(env.run(HelloSequence.NAME, null)))
        .checkAllCrashPoints().assertNoFailures();
  }
}
