package io.duraflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.store.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ScheduleStore} on every backend: rows round-trip, every change is a compare-and-set on the
 * version, and {@link ScheduleStore#fire} creates its instance only when it wins the row. Subclasses give
 * a real database and a second store over the same database, so that the race is a real one.
 */
public abstract class ScheduleStoreContractTest {
  private static final String HUB = "hub";
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  protected MutableClock clock;
  protected OrchestrationStore store;

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  /** Another store (own connections) over the database of {@code first}; the caller closes it. */
  protected abstract OrchestrationStore sameDatabase(OrchestrationStore first, Clock clock);

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    store = newStore(clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ScheduleRecord record(String id, Instant nextDue) {
    return new ScheduleRecord(HUB, id, "{\"spec\":1}", nextDue, null, null, false, null, null, null, 0);
  }

  private static NewInstance start(String instanceId) {
    return new NewInstance(HUB, instanceId, new ExecutionStarted(T0, "Flow", "1", "e-" + instanceId, null, null));
  }

  @Test
  void create_thenGet_roundTripsEveryField() {
    Instant due = T0.plusMillis(1234);
    assertThat(store.schedules().create(new ScheduleRecord(HUB, "s", "{\"a\":\"ä\"}", due, due.plusSeconds(1),
        "s-x", true, "maintenance", null, null, 7))).isTrue();

    ScheduleRecord read = store.schedules().get(HUB, "s").orElseThrow();

    assertThat(read).isEqualTo(new ScheduleRecord(HUB, "s", "{\"a\":\"ä\"}", due, due.plusSeconds(1), "s-x", true,
        "maintenance", T0, T0, 0));
    assertThat(store.schedules().get("otherHub", "s")).isEmpty();
  }

  @Test
  void create_idTaken_answersFalseAndKeepsTheFirst() {
    store.schedules().create(record("s", T0));

    assertThat(store.schedules().create(new ScheduleRecord(HUB, "s", "{}", null, null, null, false, null, null, null, 0)))
        .isFalse();
    assertThat(store.schedules().get(HUB, "s").orElseThrow().definition()).isEqualTo("{\"spec\":1}");
  }

  @Test
  void update_staleVersion_changesNothing() {
    store.schedules().create(record("s", T0));
    ScheduleRecord read = store.schedules().get(HUB, "s").orElseThrow();
    clock.advance(Duration.ofSeconds(5));

    assertThat(store.schedules().update(read.with("{}", T0.plusSeconds(60), null, null, true, "n"))).isTrue();
    assertThat(store.schedules().update(read.with("{\"lost\":1}", T0, null, null, false, null))).isFalse();

    ScheduleRecord now = store.schedules().get(HUB, "s").orElseThrow();
    assertThat(now.version()).isEqualTo(read.version() + 1);
    assertThat(now.definition()).isEqualTo("{}");
    assertThat(now.paused()).isTrue();
    assertThat(now.updatedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void fire_winner_createsTheInstanceAndAdvances() {
    store.schedules().create(record("s", T0));
    ScheduleRecord read = store.schedules().get(HUB, "s").orElseThrow();

    assertThat(store.schedules().fire(read.with(read.definition(), T0.plusSeconds(60), null, "s-1", false, null),
        start("s-1"))).isTrue();

    assertThat(store.getInstance(HUB, "s-1").orElseThrow().runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(store.schedules().get(HUB, "s").orElseThrow().lastInstanceId()).isEqualTo("s-1");
    assertThat(store.claimOrchestrationWorkItems("w", 10, Duration.ofSeconds(30))).hasSize(1);
  }

  @Test
  void fire_staleVersion_createsNoInstance() {
    store.schedules().create(record("s", T0));
    ScheduleRecord read = store.schedules().get(HUB, "s").orElseThrow();
    store.schedules().update(read.with(read.definition(), read.nextDueAt(), null, null, true, "paused meanwhile"));

    assertThat(store.schedules().fire(read.with(read.definition(), T0.plusSeconds(60), null, "s-1", false, null),
        start("s-1"))).isFalse();

    assertThat(store.getInstance(HUB, "s-1")).isEmpty();
  }

  @Test
  void due_listsUnpausedSchedulesDueByThenOrBuffered() {
    store.schedules().create(record("early", T0.minusSeconds(10)));
    store.schedules().create(record("now", T0));
    store.schedules().create(record("later", T0.plusSeconds(10)));
    store.schedules().create(new ScheduleRecord(HUB, "paused", "{}", T0.minusSeconds(20), null, null, true, null, null, null, 0));
    store.schedules().create(new ScheduleRecord(HUB, "buffered", "{}", T0.plusSeconds(99), T0, "x", false, null, null, null, 0));
    store.schedules().create(new ScheduleRecord(HUB, "ended", "{}", null, null, null, false, null, null, null, 0));

    List<String> due = store.schedules().due(T0, 10).stream().map(ScheduleRecord::scheduleId).toList();

    assertThat(due).containsExactlyInAnyOrder("early", "now", "buffered");
    assertThat(store.schedules().earliestDue()).contains(T0.minusSeconds(10));
    assertThat(store.schedules().list(HUB).stream().map(ScheduleRecord::scheduleId))
        .containsExactly("buffered", "early", "ended", "later", "now", "paused");
  }

  @Test
  void delete_removesTheRowOnly() {
    store.schedules().create(record("s", T0));
    ScheduleRecord read = store.schedules().get(HUB, "s").orElseThrow();
    store.schedules().fire(read.with(read.definition(), T0.plusSeconds(60), null, "s-1", false, null), start("s-1"));

    assertThat(store.schedules().delete(HUB, "s")).isTrue();
    assertThat(store.schedules().delete(HUB, "s")).isFalse();
    assertThat(store.schedules().get(HUB, "s")).isEmpty();
    assertThat(store.getInstance(HUB, "s-1")).isPresent();
  }

  @Test
  void fire_racingStoresOnOneDatabase_exactlyOneWins() throws Exception {
    store.schedules().create(record("s", T0));
    int racers = 4;
    List<OrchestrationStore> others = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      for (int i = 0; i < racers; i++) {
        others.add(sameDatabase(store, clock));
      }
      for (int round = 0; round < 10; round++) {
        String instanceId = "s-" + round;
        Instant next = T0.plusSeconds(round + 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (OrchestrationStore other : others) {
          // Each racer reads the row first, as a scheduler does, then all fire at once.
          ScheduleRecord read = other.schedules().get(HUB, "s").orElseThrow();
          Callable<Boolean> fire = () -> {
            go.await();
            return other.schedules().fire(read.with(read.definition(), next, null, instanceId,
                false, null), start(instanceId));
          };
          results.add(pool.submit(fire));
        }
        go.countDown();
        int wins = 0;
        for (Future<Boolean> r : results) {
          wins += r.get() ? 1 : 0;
        }
        assertThat(wins).as("winners of round %d", round).isEqualTo(1);
        assertThat(store.getInstance(HUB, instanceId)).isPresent();
      }
      assertThat(store.schedules().get(HUB, "s").orElseThrow().version()).isEqualTo(10);
    } finally {
      pool.shutdownNow();
      others.forEach(OrchestrationStore::close);
    }
  }
}
