package io.duraflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.OrchestratorAction;
import io.duraflow.action.SendEntityMessage;
import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.EntityLock;
import io.duraflow.api.NonDeterministicOrchestrationException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.EntityLockGranted;
import io.duraflow.history.EntityLockRequested;
import io.duraflow.history.EntityOperationCalled;
import io.duraflow.history.EntityOperationCompleted;
import io.duraflow.history.EntityOperationFailed;
import io.duraflow.history.EntityOperationSignaled;
import io.duraflow.history.EntityUnlockSent;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.api.FailureDetails;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orchestration side of entities, replayed from hand-built histories. */
class EntityReplayTest {
  private static final EntityInstanceId A = new EntityInstanceId("acct", "a");
  private static final EntityInstanceId B = new EntityInstanceId("acct", "b");
  private static final EntityInstanceId C = new EntityInstanceId("acct", "c");

  private static final TaskRegistry REGISTRY = TaskRegistry.builder()
      .addOrchestration("Call", ctx -> {
        ctx.signalEntity(A, "add", 1);
        try {
          return ctx.callEntity(A, "get", null, Integer.class).await();
        } catch (TaskFailedException e) {
          return -1;
        }
      })
      .addOrchestration("Transfer", ctx -> {
        try (EntityLock lock = ctx.lockEntities(B, A).await()) {
          int a = ctx.callEntity(A, "get", null, Integer.class).await();
          return a + lock.entities().size();
        }
      })
      .addOrchestration("CallOutsideLock", ctx -> {
        try (EntityLock lock = ctx.lockEntities(A).await()) {
          return ctx.callEntity(C, "get", null, Integer.class).await();
        }
      })
      .addOrchestration("KeepsLock", ctx -> {
        ctx.lockEntities(A, B).await();
        return 0; // ends without closing: the end releases the lock
      })
      .build();

  private final OrchestrationExecutor executor = new OrchestrationExecutor(REGISTRY, new TestConverter());

  private static List<HistoryEvent> step(HistoryEvent... events) {
    List<HistoryEvent> list = new ArrayList<>();
    list.add(new OrchestratorStarted(HistoryBuilder.T0.plusSeconds(100)));
    list.addAll(List.of(events));
    return list;
  }

  private static List<HistoryEvent> messages(OrchestratorResult r) {
    return r.actions().stream().filter(SendEntityMessage.class::isInstance).map(a -> ((SendEntityMessage) a).message()).toList();
  }

  private static CompleteOrchestration completion(OrchestratorResult r) {
    OrchestratorAction last = r.actions().get(r.actions().size() - 1);
    assertThat(last).isInstanceOf(CompleteOrchestration.class);
    return (CompleteOrchestration) last;
  }

  @Test
  void execute_signalThenCall_sendsBothToTheEntityInOrder() {
    OrchestratorResult r = executor.execute("i1", List.of(), new HistoryBuilder().started("Call", null).build());
    assertThat(r.actions()).hasSize(2);
    SendEntityMessage signal = (SendEntityMessage) r.actions().get(0);
    SendEntityMessage call = (SendEntityMessage) r.actions().get(1);
    assertThat(signal.targetInstanceId()).isEqualTo("@acct@a");
    assertThat(signal.message()).isInstanceOfSatisfying(EntityOperationSignaled.class, s -> {
      assertThat(s.operation()).isEqualTo("add");
      assertThat(s.input()).isEqualTo("1");
      assertThat(s.parentInstanceId()).isEqualTo("i1");
    });
    assertThat(call.message()).isInstanceOfSatisfying(EntityOperationCalled.class, c -> {
      assertThat(c.taskId()).isEqualTo(1);
      assertThat(c.parentExecutionId()).isEqualTo("exec-1");
    });
  }

  @Test
  void execute_callAnswered_completesWithTheResult_andFailureAsTaskFailed() {
    OrchestratorResult first = executor.execute("i1", List.of(), new HistoryBuilder().started("Call", null).build());
    List<HistoryEvent> past = new HistoryBuilder().started("Call", null).build();
    past = new ArrayList<>(past);
    past.addAll(messages(first));
    OrchestratorResult done = executor.execute("i1", past, step(new EntityOperationCompleted(HistoryBuilder.T0, 1, "41")));
    assertThat(done.actions()).singleElement().isInstanceOf(CompleteOrchestration.class);
    assertThat(completion(done).result()).isEqualTo("41");
    OrchestratorResult failed = executor.execute("i1", past, step(new EntityOperationFailed(HistoryBuilder.T0, 1,
        new FailureDetails("java.lang.IllegalStateException", "no"))));
    assertThat(completion(failed).result()).isEqualTo("-1");
  }

  @Test
  void execute_recordedCallDiffersFromCode_failsAsNonDeterministic() {
    List<HistoryEvent> past = new ArrayList<>(new HistoryBuilder().started("Call", null).build());
    past.add(new EntityOperationSignaled(HistoryBuilder.T0, 0, "@acct@a", "add", "1", null, "i1"));
    past.add(new EntityOperationCalled(HistoryBuilder.T0, 1, "@acct@a", "reset", null, "i1", "exec-1"));
    OrchestratorResult r = executor.execute("i1", past, step(new EntityOperationCompleted(HistoryBuilder.T0, 1, "0")));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorType()).isEqualTo(NonDeterministicOrchestrationException.class.getName());
    assertThat(done.failureDetails().errorMessage()).contains("'reset'", "'get'", "@acct@a", "instance 'i1'");
  }

  @Test
  void lockEntities_requestsInTheGlobalOrder_callsInside_andReleasesEveryLockOnClose() {
    OrchestratorResult first = executor.execute("i1", List.of(), new HistoryBuilder().started("Transfer", null).build());
    EntityLockRequested request = (EntityLockRequested) messages(first).get(0);
    assertThat(request.lockSet()).containsExactly("@acct@a", "@acct@b"); // sorted, whatever the code's order
    assertThat(request.position()).isZero();
    assertThat(((SendEntityMessage) first.actions().get(0)).targetInstanceId()).isEqualTo("@acct@a");

    List<HistoryEvent> past = new ArrayList<>(new HistoryBuilder().started("Transfer", null).build());
    past.addAll(messages(first));
    OrchestratorResult granted = executor.execute("i1", past, step(new EntityLockGranted(HistoryBuilder.T0,
        request.taskId(), request.criticalSectionId())));
    assertThat(messages(granted)).singleElement().isInstanceOf(EntityOperationCalled.class);
    past.addAll(step(new EntityLockGranted(HistoryBuilder.T0, request.taskId(), request.criticalSectionId())));
    past.addAll(messages(granted));
    int callId = ((EntityOperationCalled) messages(granted).get(0)).taskId();
    OrchestratorResult end = executor.execute("i1", past, step(new EntityOperationCompleted(HistoryBuilder.T0, callId, "5")));
    assertThat(messages(end)).extracting(m -> ((EntityUnlockSent) m).targetInstanceId())
        .containsExactly("@acct@a", "@acct@b");
    assertThat(completion(end).result()).isEqualTo("7");
  }

  @Test
  void callInsideLock_toAnEntityNotLocked_failsTheOrchestrationWithTheRule() {
    List<HistoryEvent> past = new ArrayList<>(new HistoryBuilder().started("CallOutsideLock", null).build());
    OrchestratorResult first = executor.execute("i1", List.of(), new HistoryBuilder().started("CallOutsideLock", null).build());
    EntityLockRequested request = (EntityLockRequested) messages(first).get(0);
    past.addAll(messages(first));
    OrchestratorResult r = executor.execute("i1", past, step(new EntityLockGranted(HistoryBuilder.T0, request.taskId(),
        request.criticalSectionId())));
    CompleteOrchestration done = completion(r);
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorMessage()).contains("can call only the entities it locked", "@acct@c");
    // The failed orchestration still releases what it locked.
    assertThat(messages(r)).singleElement().isInstanceOf(EntityUnlockSent.class);
  }

  @Test
  void orchestrationEnds_holdingALock_releasesIt() {
    OrchestratorResult first = executor.execute("i1", List.of(), new HistoryBuilder().started("KeepsLock", null).build());
    EntityLockRequested request = (EntityLockRequested) messages(first).get(0);
    List<HistoryEvent> past = new ArrayList<>(new HistoryBuilder().started("KeepsLock", null).build());
    past.addAll(messages(first));
    OrchestratorResult r = executor.execute("i1", past, step(new EntityLockGranted(HistoryBuilder.T0, request.taskId(),
        request.criticalSectionId())));
    assertThat(messages(r)).hasSize(2).allMatch(EntityUnlockSent.class::isInstance);
    assertThat(completion(r).status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
  }
}
