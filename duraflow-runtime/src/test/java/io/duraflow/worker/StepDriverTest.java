package io.duraflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.StoreDurableClient;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskCompleted;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.samples.HelloSequence;
import io.duraflow.samples.Samples;
import io.duraflow.store.ActivityWorkItem;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationWorkItem;
import io.duraflow.store.StepCommitResult;
import io.duraflow.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threadless step driver that duraflow-testkit builds on: every step and activity goes through the store. */
class StepDriverTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final TaskRegistry registry = Samples.register(TaskRegistry.builder()).build();
  private final JacksonDataConverter converter = new JacksonDataConverter();

  @Test
  void step_leasesNoActivity_soEachIsClaimedAndCompletedThroughTheStore(@TempDir Path dir) {
    Clock clock = Clock.systemUTC();
    try (OrchestrationStore store = TestDatabases.sqlite(dir, clock);
        StepDriver driver = new StepDriver(store, registry, converter, clock, WorkerOptions.defaults("driver"))) {
      String id = new StoreDurableClient(store, registry, converter, clock, "hub")
          .startNew(HelloSequence.NAME, List.of("Oslo", "Lima"));
      int activities = 0;
      for (int round = 0; round < 10; round++) {
        List<OrchestrationWorkItem> items = store.claimOrchestrationWorkItems("driver", 1, LEASE);
        if (!items.isEmpty()) {
          StepCommitResult result = driver.step(items.get(0), t -> false);
          assertThat(result).isNotNull();
          assertThat(result.leasedActivities()).as("nothing leased by the commit").isEmpty();
          assertThat(result.heldItem()).as("no fast-path hold").isNull();
        }
        for (ActivityWorkItem a : store.claimActivityWorkItems("driver", 10, LEASE)) {
          HistoryEvent done = driver.runActivity(a);
          assertThat(done).isInstanceOf(TaskCompleted.class);
          store.completeActivity(a, done);
          activities++;
        }
      }
      assertThat(activities).isEqualTo(2);
      assertThat(store.getInstance("hub", id).orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      assertThat(store.getInstance("hub", id).orElseThrow().output()).isEqualTo("[\"Hello Oslo!\",\"Hello Lima!\"]");
      assertThat(driver.cachedSessions()).as("a finished instance is not kept").isZero();
    }
  }

  @Test
  void step_failureTheCallerCallsACrash_isRethrownAndNothingIsGivenBack(@TempDir Path dir) {
    Clock clock = Clock.systemUTC();
    RuntimeException crash = new RuntimeException("simulated crash");
    OrchestrationStore real = TestDatabases.sqlite(dir, clock);
    OrchestrationStore failing = (OrchestrationStore) java.lang.reflect.Proxy.newProxyInstance(
        OrchestrationStore.class.getClassLoader(), new Class<?>[] {OrchestrationStore.class}, (p, m, args) -> {
          if (m.getName().equals("commit")) {
            throw crash;
          }
          try {
            return m.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (real; StepDriver driver = new StepDriver(failing, registry, converter, clock, WorkerOptions.defaults("driver"))) {
      new StoreDurableClient(real, registry, converter, clock, "hub").startNew(HelloSequence.NAME, null);
      OrchestrationWorkItem item = real.claimOrchestrationWorkItems("driver", 1, LEASE).get(0);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.step(item, crash::equals)).isSameAs(crash);
      // The lease is still the driver's (a dead process gives nothing back): no one else can claim it.
      assertThat(real.claimOrchestrationWorkItems("other", 1, LEASE)).isEmpty();
      assertThat(real.releaseLeasesOf("driver").instances()).isEqualTo(1);
    }
  }
}
