package io.duraflow.store.testing;

import io.duraflow.store.OrchestrationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The frame of a store contract suite whose test moves time by hand: every test gets a new, empty store
 * whose timestamps come from a {@link MutableClock} starting at {@link #T0}, closed after it. Subclasses
 * give a real database through {@link #newStore}.
 */
public abstract class ClockedStoreContract {
  protected static final String HUB = "hub";
  protected static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  protected static final Duration LEASE = Duration.ofSeconds(30);

  protected MutableClock clock;
  protected OrchestrationStore store;

  /** A new, empty store whose timestamps come from {@code clock}. */
  protected abstract OrchestrationStore newStore(Clock clock);

  @BeforeEach
  void openStore() {
    clock = new MutableClock(T0);
    store = newStore(clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
