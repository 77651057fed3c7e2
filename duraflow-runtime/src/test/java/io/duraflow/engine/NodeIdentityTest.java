package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node name is used by one live process at a time; the others run under a unique variant of it. */
class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void secondNodeWithTheSameName_runsUnderAVariant_andTheNameIsFreeAgainOnceTheFirstCloses() {
    try (OrchestrationStore storeA = TestDatabases.sqlite(dir, Clock.systemUTC());
        OrchestrationStore storeB = TestDatabases.sqlite(dir, Clock.systemUTC())) {
      DuraflowEngine a = DuraflowEngine.builder().store(storeA).registry(EngineContractTest.registry())
          .nodeId("node-1").build().start();
      try (DuraflowEngine b = DuraflowEngine.builder().store(storeB).registry(EngineContractTest.registry())
          .nodeId("node-1").build().start()) {
        assertThat(a.worker().workerId()).isEqualTo("node-1");
        assertThat(b.worker().workerId()).startsWith("node-1-").isNotEqualTo("node-1");
        a.close();
        try (DuraflowEngine c = DuraflowEngine.builder().store(storeA).registry(EngineContractTest.registry())
            .nodeId("node-1").build().start()) {
          assertThat(c.worker().workerId()).isEqualTo("node-1");
        }
      }
    }
  }

  @Test
  void withoutAName_everyEngineGetsAUniqueWorkerId() {
    try (OrchestrationStore store = TestDatabases.sqlite(dir, Clock.systemUTC());
        DuraflowEngine a = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry()).build();
        DuraflowEngine b = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry()).build()) {
      assertThat(a.worker().workerId()).isNotEqualTo(b.worker().workerId());
    }
  }
}
