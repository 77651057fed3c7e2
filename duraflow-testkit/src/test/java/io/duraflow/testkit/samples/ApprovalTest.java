package io.duraflow.testkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.samples.Approval;
import io.duraflow.samples.Samples;
import io.duraflow.testkit.DuraflowTestEnvironment;
import io.duraflow.testkit.FaultExplorer;
import io.duraflow.testkit.FaultPlan;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Approval sample's timeout and approval paths, in virtual time. */
class ApprovalTest {
  private static final TaskRegistry SAMPLES = Samples.register(TaskRegistry.builder()).build();
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);

  private static DuraflowTestEnvironment env() {
    return DuraflowTestEnvironment.builder().registry(SAMPLES).build();
  }

  private static Map<String, Object> input(Duration timeout) {
    return Map.of("timeoutSeconds", timeout.toSeconds());
  }

  @Test
  void noResponse_timesOutExactlyAtTheTimeout() {
    try (DuraflowTestEnvironment env = env()) {
      String id = env.run(Approval.NAME, input(THIRTY_DAYS));
      assertThat(env.instance(id).customStatus()).contains("\"waitingFor\":\"Approval\"");

      env.advance(THIRTY_DAYS.minusMillis(1));
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);

      env.advance(Duration.ofMillis(1));
      assertThat(env.instance(id).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(env.output(id, Map.class)).containsEntry("approved", false).containsEntry("timedOut", true);
    }
  }

  @Test
  void approvalBeforeTheTimeout_approves() {
    try (DuraflowTestEnvironment env = env()) {
      String id = env.run(Approval.NAME, input(THIRTY_DAYS));
      env.advance(Duration.ofDays(29));
      env.raiseEvent(id, Approval.EVENT, Map.of("approved", true, "by", "ana"));
      env.runUntilIdle();
      assertThat(env.output(id, Map.class)).containsEntry("approved", true).doesNotContainKey("timedOut");
    }
  }

  @Test
  void everyCrashPoint_withAnApprovalAfterADay_stillApproves() {
    FaultExplorer.of(b -> b.registry(SAMPLES), env -> {
      String id = env.start(Approval.NAME, input(THIRTY_DAYS), "approval-1");
      env.advance(Duration.ofDays(1));
      env.raiseEvent(id, Approval.EVENT, "yes");
      env.runUntilIdle();
      return env.outcome(id);
    }).checkAllCrashPoints().assertNoFailures();
  }

  @Test
  void everyCrashPoint_withLeasesLeftToExpire_stillTimesOut() {
    FaultExplorer.of(b -> b.registry(SAMPLES), env -> {
      String id = env.start(Approval.NAME, input(THIRTY_DAYS), "approval-1");
      env.advance(THIRTY_DAYS.plusDays(1));
      return env.outcome(id);
    }).recovery(FaultPlan.Recovery.LEASE_EXPIRY).checkAllCrashPoints().assertNoFailures();
  }

  @Test
  void randomFaults_onTheTimeoutPath_stillTimeOut() {
    FaultExplorer.of(b -> b.registry(SAMPLES), env -> {
      String id = env.start(Approval.NAME, input(THIRTY_DAYS), "approval-1");
      env.advance(THIRTY_DAYS.plusDays(1));
      return env.outcome(id);
    }).explore(11, 6).assertNoFailures();
  }
}
