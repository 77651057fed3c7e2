package io.duraflow.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duraflow.history.EventRaised;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.NewInstance;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreOptions;
import io.duraflow.store.testing.MutableClock;
import io.duraflow.store.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PostgreSQL-only behaviour: several nodes on one schema, NOTIFY, broken connections, unreachable server. */
@Tag("postgres")
class PostgresStoreBehaviourTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final String url = TestDatabases.postgresUrl();
  private String schema;
  private OrchestrationStore nodeA;
  private OrchestrationStore nodeB;

  @BeforeEach
  void open() {
    schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    StoreOptions options = StoreOptions.defaults().withClock(clock)
        .with(PostgresStoreProvider.SCHEMA, schema).with(PostgresStoreProvider.POOL_SIZE, 3);
    nodeA = OrchestrationStores.open(url, null, options);
    nodeB = OrchestrationStores.open(url, null, options);
  }

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    TestDatabases.dropSchema(url, schema);
  }

  private void create(OrchestrationStore store, String id) {
    store.createInstance(new NewInstance("hub", id, new ExecutionStarted(clock.instant(), "F", null, "e", null, null)));
  }

  @Test
  void notify_commitOnOneNode_wakesListenersOfTheOther() throws Exception {
    Semaphore woken = new Semaphore(0);
    nodeB.addWorkListener(woken::release);
    Thread.sleep(300); // let B's listener thread issue LISTEN (no event to wait on)
    woken.drainPermits();
    create(nodeA, "i1");
    assertThat(woken.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(nodeB.claimOrchestrationWorkItems("b", 10, Duration.ofSeconds(30))).hasSize(1);
    assertThat(nodeA.claimOrchestrationWorkItems("a", 10, Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void listener_connectionKilled_reconnectsAndKeepsNotifying() throws Exception {
    Semaphore woken = new Semaphore(0);
    nodeB.addWorkListener(woken::release);
    Thread.sleep(300);
    terminateBackends("duraflow-" + schema + "-listen");
    // After reconnecting, the listener fires once (it may have missed notifications), then on each commit.
    assertThat(woken.tryAcquire(15, TimeUnit.SECONDS)).isTrue();
    woken.drainPermits();
    create(nodeA, "i1");
    assertThat(woken.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void pool_connectionsKilled_storeRecoversByItself() throws Exception {
    create(nodeA, "i1");
    terminateBackends("duraflow-" + schema);
    Thread.sleep(600); // past HikariCP's validation bypass window, so borrowed connections get checked
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        nodeA.sendMessage("hub", "i1", new EventRaised(clock.instant(), "x", null), null);
        break;
      } catch (StoreException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
    assertThat(nodeA.claimOrchestrationWorkItems("a", 1, Duration.ofSeconds(30)).get(0).messages()).hasSize(2);
  }

  @Test
  void open_unreachableServer_failsFastWithStoreException() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> PostgresOrchestrationStore.open("jdbc:postgresql://127.0.0.1:1/test?user=postgres", clock))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:1");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  private void terminateBackends(String applicationName) throws Exception {
    PostgresUrls.Target t = PostgresUrls.parse(url);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.properties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("backends of " + applicationName).isPositive();
    }
  }
}
