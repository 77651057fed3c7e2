package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.StartOptions;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.StoreException;
import io.duraflow.store.testing.ForwardingOrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step that can never be committed fails its instance after a few attempts; others keep running. */
class PoisonStepTest {
  @TempDir Path dir;

  @Test
  void stepThatAlwaysFailsToCommit_failsTheInstanceAndTheWorkerKeepsServing() throws Exception {
    AtomicInteger rejected = new AtomicInteger();
    try (OrchestrationStore real = TestDatabases.sqlite(dir, Clock.systemUTC());
        OrchestrationStore store = rejectingPoison(real, rejected);
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry())
            .workerOptions(WorkerOptions.defaults("poison-test")).build().start()) {
      engine.client().startNew("HelloSequence", null, StartOptions.withInstanceId("poison"));
      String healthy = engine.client().startNew("HelloSequence", null);

      InstanceRecord failed = engine.client().waitForCompletion("poison", Duration.ofSeconds(60));
      assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
      assertThat(failed.failureDetails().errorMessage()).contains("Gave up", "'poison'", "value too large");
      assertThat(rejected.get()).isEqualTo(5);
      assertThat(engine.client().getHistory("poison")).last().satisfies(e ->
          assertThat(e.eventType()).isEqualTo("ExecutionCompleted"));
      assertThat(engine.client().waitForCompletion(healthy, Duration.ofSeconds(60)).runtimeStatus())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
  }

  @Test
  void poisonStepTriedByTwoNodes_isGivenUpOnAfterTheSameNumberOfAttemptsInTotal() throws Exception {
    AtomicInteger rejected = new AtomicInteger();
    try (OrchestrationStore real = TestDatabases.sqlite(dir, Clock.systemUTC());
        OrchestrationStore store = rejectingPoison(real, rejected);
        DuraflowEngine a = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry())
            .workerOptions(WorkerOptions.defaults("node-a")).build().start();
        DuraflowEngine b = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry())
            .workerOptions(WorkerOptions.defaults("node-b")).build().start()) {
      a.client().startNew("HelloSequence", null, StartOptions.withInstanceId("poison"));

      InstanceRecord failed = b.client().waitForCompletion("poison", Duration.ofSeconds(60));
      assertThat(failed.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
      // Counted per node, two nodes would have made up to twice the attempts before one of them gave up.
      assertThat(rejected.get()).isEqualTo(5);
    }
  }

  /** Stands in for a value the database keeps rejecting: only the final Failed commit of "poison" passes. */
  private static OrchestrationStore rejectingPoison(OrchestrationStore real, AtomicInteger rejected) {
    return new ForwardingOrchestrationStore(real) {
      @Override
      public StepCommitResult commit(OrchestrationStepCommit commit) {
        if (commit.item().instanceId().equals("poison")
            && commit.update().runtimeStatus() != OrchestrationRuntimeStatus.FAILED) {
          rejected.incrementAndGet();
          throw new StoreException("value too large for column", null);
        }
        return super.commit(commit);
      }
    };
  }
}
