package io.duraflow.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.*;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HistoryEventCodecTest {

  private static final Instant T = Instant.parse("2026-11-25T14:29:36.123456789Z");
  private static final Instant FAR = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final FailureDetails FAILURE =
      new FailureDetails(
          "java.lang.IllegalStateException",
          "outer \"quoted\" ünïcode",
          "at a.b.C(C.java:1)\n\tat d.e.F",
          new FailureDetails("java.io.IOException", null, null, new FailureDetails("x.Y", "deepest")));

  private final HistoryEventCodec codec = new HistoryEventCodec();

  static List<HistoryEvent> oneOfEach() {
    return List.of(
        new OrchestratorStarted(T),
        new ExecutionStarted(T, "Hello", "{\"a\":[1,2]}", "exec-1", new ExecutionStarted.ParentInstance("hub", "parent", "pexec", 7), FAR),
        new ExecutionStarted(T, "Hello", null, "exec-2", null, null),
        new ExecutionStarted(T, "Hello", null, "exec-3", null, null, new io.duraflow.history.TraceContext(
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "congo=t61rcWkgMzE")),
        new ExecutionCompleted(T, OrchestrationRuntimeStatus.FAILED, null, FAILURE),
        new ExecutionCompleted(T, OrchestrationRuntimeStatus.COMPLETED, "\"done\"", null),
        new ExecutionTerminated(T, "\"stop\""),
        new ExecutionSuspended(T, "pause"),
        new ExecutionResumed(T, null),
        new ExecutionRewound(T, "retry"),
        new TaskScheduled(T, 3, "SayHello", "\"Tokyo\""),
        new TaskCompleted(T, 3, "\"Hello Tokyo\""),
        new TaskFailed(T, 4, FAILURE),
        new TaskFailed(T, 4, FAILURE, "{\"page\":3}"),
        new io.duraflow.history.TaskCancellationRequested(T, 7, 4),
        new TimerCreated(T, 5, FAR),
        new TimerFired(T, 5, FAR),
        new EventRaised(T, "Approval", "true"),
        new SubOrchestrationInstanceCreated(T, 6, "Child", "child-1", "42"),
        new SubOrchestrationInstanceCompleted(T, 6, "43"),
        new SubOrchestrationInstanceFailed(T, 6, FAILURE),
        new ExecutionStarted(T, "Hello", null, "exec-4", null, null, null, "1.10"),
        new io.duraflow.history.PatchApplied(T, "send-receipt"),
        new io.duraflow.history.EntityOperationSignaled(T, 7, "@counter@k", "add", "1", FAR, "orch"),
        new io.duraflow.history.EntityOperationCalled(T, 8, "@counter@k", "get", null, "orch", "e1"),
        new io.duraflow.history.EntityOperationCompleted(T, 8, "3"),
        new io.duraflow.history.EntityOperationFailed(T, 8, FAILURE),
        new io.duraflow.history.EntityLockRequested(T, 9, "cs", java.util.List.of("@a@1", "@b@2"), 1, "orch", "e1"),
        new io.duraflow.history.EntityLockGranted(T, 9, "cs"),
        new io.duraflow.history.EntityUnlockSent(T, 10, "@a@1", "cs", "orch"));
  }

  @Test
  void roundTrip_everyEventType_isEqual() {
    List<HistoryEvent> events = oneOfEach();
    Set<String> covered = events.stream().map(HistoryEvent::eventType).collect(Collectors.toSet());
    Set<String> all =
        java.util.Arrays.stream(HistoryEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).collect(Collectors.toSet());
    assertThat(covered).isEqualTo(all);
    for (HistoryEvent e : events) {
      String json = codec.encode(e);
      assertThat(json).startsWith("{\"eventType\":\"" + e.eventType() + "\"");
      assertThat(codec.decode(json)).as(json).isEqualTo(e);
    }
  }

  @Test
  void decode_executionStartedWrittenBeforeTracing_hasNoParentTrace() {
    // As a store holds it from before the field existed.
    HistoryEvent e = codec.decode("{\"eventType\":\"ExecutionStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"name\":\"Hello\",\"executionId\":\"e1\"}");
    assertThat(e).isEqualTo(new ExecutionStarted(Instant.parse("2026-01-01T00:00:00Z"), "Hello", null, "e1", null, null));
    assertThat(((ExecutionStarted) e).parentTrace()).isNull();
    assertThat(((ExecutionStarted) e).version()).as("written before versions: unversioned").isNull();
  }

  @Test
  void decode_taskFailedWrittenBeforeHeartbeats_hasNoHeartbeatDetails() {
    HistoryEvent e = codec.decode("{\"eventType\":\"TaskFailed\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"taskScheduledId\":2,\"failureDetails\":{\"errorType\":\"X\",\"errorMessage\":\"boom\"}}");
    assertThat(e).isEqualTo(new TaskFailed(Instant.parse("2026-01-01T00:00:00Z"), 2, new FailureDetails("X", "boom")));
    assertThat(((TaskFailed) e).heartbeatDetails()).isNull();
  }

  @Test
  void encode_instant_keepsNanosecondsAndUtc() {
    String json = codec.encode(new TimerFired(T, 1, FAR));
    assertThat(json).contains("2026-11-25T14:29:36.123456789Z").contains("9999-12-31T23:59:59.999999999Z");
  }

  @Test
  void failureDetails_roundTrip_keepsInnerChain() {
    assertThat(codec.decodeFailure(codec.encodeFailure(FAILURE))).isEqualTo(FAILURE);
    assertThat(codec.encodeFailure(null)).isNull();
    assertThat(codec.decodeFailure(null)).isNull();
  }

  @Test
  void decode_unknownType_failsWithTypeName() {
    assertThatThrownBy(() -> codec.decode("{\"eventType\":\"Nope\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nope");
  }

  @Test
  void decode_unknownField_isIgnored() {
    HistoryEvent e = codec.decode("{\"eventType\":\"OrchestratorStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"extra\":1}");
    assertThat(e).isEqualTo(new OrchestratorStarted(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Test
  void everyEventType_hasAConstantKindTheCodecReads() throws Exception {
    for (Class<?> type : io.duraflow.history.HistoryEvent.class.getPermittedSubclasses()) {
      String kind = (String) type.getField("KIND").get(null);
      HistoryEvent decoded = codec.decode("{\"eventType\":\"" + kind + "\"}");
      org.assertj.core.api.Assertions.assertThat(decoded).as(kind).isInstanceOf(type);
      org.assertj.core.api.Assertions.assertThat(decoded.eventType()).isEqualTo(kind);
    }
  }
}
