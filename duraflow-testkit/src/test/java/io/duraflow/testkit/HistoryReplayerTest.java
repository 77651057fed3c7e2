package io.duraflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryReplayerTest {
  private static final TaskOrchestration V1 = ctx -> {
    String a = ctx.callActivity("Reserve", "x", String.class).await();
    ctx.createTimer(Duration.ofDays(1)).await();
    return a + ctx.callActivity("Ship", "x", String.class).await();
  };

  /** The same orchestration with its second activity renamed: running instances cannot take it. */
  private static final TaskOrchestration V2_RENAMED = ctx -> {
    String a = ctx.callActivity("Reserve", "x", String.class).await();
    ctx.createTimer(Duration.ofDays(1)).await();
    return a + ctx.callActivity("Dispatch", "x", String.class).await();
  };

  private static List<HistoryEvent> recordedHistory(boolean finished) {
    try (DuraflowTestEnvironment env = DuraflowTestEnvironment.builder().orchestration("Order", V1)
        .activity("Reserve", ctx -> "r").activity("Ship", ctx -> "s").build()) {
      String id = env.start("Order", null, "order-1");
      env.advance(finished ? Duration.ofDays(2) : Duration.ZERO);
      return env.history(id);
    }
  }

  private static HistoryReplayer replayer(TaskOrchestration code) {
    return new HistoryReplayer(TaskRegistry.builder().addOrchestration("Order", code).build());
  }

  @Test
  void replay_sameCode_fitsFinishedAndRunningHistories() {
    assertThat(replayer(V1).replay("order-1", recordedHistory(true))).isEmpty();
    assertThat(replayer(V1).replay("order-1", recordedHistory(false))).isEmpty();
  }

  @Test
  void replay_renamedActivity_isReportedAsNonDeterminism() {
    List<HistoryEvent> history = recordedHistory(true);
    assertThat(replayer(V2_RENAMED).replay("order-1", history)).hasValueSatisfying(f ->
        assertThat(f.errorMessage()).contains("Dispatch").contains("Ship"));
    assertThatThrownBy(() -> replayer(V2_RENAMED).assertReplays("order-1", history))
        .isInstanceOf(AssertionError.class).hasMessageContaining("order-1");
  }

  @Test
  void replay_historyBeforeTheChangedCall_stillFits() {
    // An instance still waiting on its timer has not reached the renamed call: the new code takes it.
    assertThat(replayer(V2_RENAMED).replay("order-1", recordedHistory(false))).isEmpty();
  }
}
