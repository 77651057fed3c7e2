package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.client.StartOptions;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.StoreFullException;
import io.duraflow.store.testing.ForwardingOrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import io.duraflow.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is not a poison step (issue 9, defect 1): steps that fail to commit because the store has
 * no space are retried for as long as it lasts, and the instance completes once space is back, even when
 * the smaller write that would mark it Failed still fits.
 */
class DiskFullStepTest {
  private static final int FULL_ATTEMPTS = 6; // more than StepFailures.MAX_STEP_ATTEMPTS

  @TempDir Path dir;

  @Test
  void stepCommitsFailingForLackOfSpace_moreThanTheGiveUpLimit_instanceStillCompletes() throws Exception {
    AtomicInteger refused = new AtomicInteger();
    try (OrchestrationStore real = TestDatabases.sqlite(dir, Clock.systemUTC());
        OrchestrationStore store = new ForwardingOrchestrationStore(real) {
          @Override
          public StepCommitResult commit(OrchestrationStepCommit commit) {
            // Stands in for a disk with room for small writes only: the step's commit does not fit, the
            // write that would fail the instance would.
            if (commit.item().instanceId().equals("full")
                && commit.update().runtimeStatus() != OrchestrationRuntimeStatus.FAILED
                && refused.get() < FULL_ATTEMPTS) {
              refused.incrementAndGet();
              throw new StoreFullException("commit the step", "full",
                  "disk full: the store cannot write (SQLITE_FULL); writes resume when space is freed", null);
            }
            return super.commit(commit);
          }
        };
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry())
            .workerOptions(WorkerOptions.defaults("disk-full-test")).build().start()) {
      engine.client().startNew("HelloSequence", null, StartOptions.withInstanceId("full"));

      InstanceRecord done = engine.client().waitForCompletion("full", Duration.ofSeconds(60));

      assertThat(done.runtimeStatus()).as(String.valueOf(done.failureDetails())).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(refused.get()).isEqualTo(FULL_ATTEMPTS);
    }
  }
}
