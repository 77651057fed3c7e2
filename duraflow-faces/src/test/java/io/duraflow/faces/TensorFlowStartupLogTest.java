package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which captured lines count as abseil's chatter (dropped) and which are passed on. */
class TensorFlowStartupLogTest {
  @Test
  void abslChatter_matchesInfoAndWarningLinesInBothClockForms_only() {
    assertThat(TensorFlowStartupLog.ABSL_CHATTER.matcher(
        "I0000 00:00:1796137169.197906   10771 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled")
        .matches()).isTrue();
    assertThat(TensorFlowStartupLog.ABSL_CHATTER.matcher("W1201 15:04:05.123456 4242 cpu_info.cc:9] slow CPU").matches())
        .isTrue();
    assertThat(TensorFlowStartupLog.ABSL_CHATTER.matcher("E1201 15:04:05.123456 4242 session.cc:9] real error").matches())
        .as("errors are passed on").isFalse();
    assertThat(TensorFlowStartupLog.ABSL_CHATTER.matcher(
        "{\"timestamp\":\"2026-12-01T15:04:06.251Z\",\"level\":\"INFO\",\"message\":\"I0000 00:00:1.0 1 a.cc:1] x\"}")
        .matches()).as("a JSON log line").isFalse();
    assertThat(TensorFlowStartupLog.ABSL_CHATTER.matcher(
        "2026-12-01T15:04:06.251Z [main] INFO io.duraflow.worker.Worker - Worker w polling").matches()).isFalse();
  }
}
