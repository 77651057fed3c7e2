package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The versioned claim filter on every backend: an instance that started on a version is claimed only
 * under its {@code name@version} key, an unversioned one under its bare name; the row keeps the version
 * for listings, and ready-work names use the same keys. Subclasses give a real database.
 */
public abstract class VersionedClaimContractTest {
  private static final String HUB = "hub";
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected MutableClock clock;
  protected OrchestrationStore store;

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    store = newStore(clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void create(String id, String version) {
    store.createInstance(new NewInstance(HUB, id,
        new ExecutionStarted(clock.instant(), "Order", null, "e-" + id, null, null, null, version)));
  }

  private List<String> claim(Set<String> keys) {
    return store.claimOrchestrationWorkItems("w", 10, LEASE, keys).stream().map(OrchestrationWorkItem::instanceId)
        .sorted().toList();
  }

  @Test
  void claim_versionedInstances_onlyByAWorkerWithThatVersion() {
    create("v1", "1");
    create("v2", "2");
    create("plain", null);

    assertThat(claim(Set.of("Order", "Order@2"))).containsExactly("plain", "v2");
    assertThat(claim(Set.of("Order", "Order@3"))).as("nobody else has version 1").isEmpty();
    assertThat(claim(Set.of("Order@1"))).containsExactly("v1");
  }

  @Test
  void instanceRow_keepsTheVersion_andListingsFilterByIt() {
    create("v1", "1");
    create("v10", "10");
    create("plain", null);

    assertThat(store.getInstance(HUB, "v10").orElseThrow().version()).isEqualTo("10");
    assertThat(store.getInstance(HUB, "plain").orElseThrow().version()).isNull();
    InstanceQuery all = new InstanceQuery(Set.of(OrchestrationRuntimeStatus.PENDING), null, null, null, 100, null, "Order");
    assertThat(store.queryInstances(HUB, all.withVersion("1")).instances()).extracting(InstanceRecord::instanceId)
        .containsExactly("v1");
    assertThat(store.queryInstances(HUB, all).instances()).hasSize(3);
  }

  @Test
  void readyWorkNames_areClaimKeys() {
    create("v1", "1");
    create("plain", null);

    assertThat(store.readyWorkNames().orchestrations()).containsExactlyInAnyOrder("Order@1", "Order");
  }
}
