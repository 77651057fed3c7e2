package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.store.CompletionListener;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.testing.ForwardingOrchestrationStore;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store outlives the engines opened on it: a closed engine leaves no listener behind. */
class EngineLifecycleTest {
  @TempDir Path dir;

  @Test
  void closedEngines_removeTheirWorkAndCompletionListenersFromTheStore() {
    Set<Object> registered = ConcurrentHashMap.newKeySet();
    try (OrchestrationStore store = new ForwardingOrchestrationStore(TestDatabases.sqlite(dir, Clock.systemUTC())) {
      @Override public void addWorkListener(Runnable l) { registered.add(l); super.addWorkListener(l); }
      @Override public void removeWorkListener(Runnable l) { registered.remove(l); super.removeWorkListener(l); }
      @Override public void addCompletionListener(CompletionListener l) { registered.add(l); super.addCompletionListener(l); }
      @Override public void removeCompletionListener(CompletionListener l) { registered.remove(l); super.removeCompletionListener(l); }
    }) {
      for (int i = 0; i < 3; i++) {
        try (DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(EngineContractTest.registry())
            .build().start()) {
          assertThat(registered).as("a running engine listens").isNotEmpty();
        }
      }
      assertThat(registered).isEmpty();
    }
  }
}
