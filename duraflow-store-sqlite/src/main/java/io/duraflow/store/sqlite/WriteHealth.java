package io.duraflow.store.sqlite;

import io.duraflow.store.StoreHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store's health as its writes show it: unhealthy from a write that failed for lack of space
 * (or a disk error) until a write commits again, the writer's probe included.
 *
 * <p>A probe is due at most once per {@link #PROBE_INTERVAL} of the store's clock, counted from the last
 * failure or probe, so a health check that is called often costs at most one small write a second.
 * Thread-safe: the writer thread records, any thread reads.
 */
final class WriteHealth {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** The least time between two probes. */
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  private final Clock clock;
  private final String name;
  private volatile StoreHealth current = StoreHealth.HEALTHY;
  private final AtomicReference<Instant> nextProbe = new AtomicReference<>(Instant.MIN);

  WriteHealth(Clock clock, String name) {
    this.clock = clock;
    this.name = name;
  }

  StoreHealth current() {
    return current;
  }

  boolean healthy() {
    return current.healthy();
  }

  /** A write failed for lack of space or by a disk error ({@code kind} FULL or IO). */
  void failed(SqliteFailures.Kind kind, Throwable cause) {
    unhealthy(SqliteFailures.reason(kind, cause), cause);
  }

  /** The store cannot write for {@code reason} (a sentence for people). */
  void unhealthy(String reason, Throwable cause) {
    nextProbe.set(clock.instant().plus(PROBE_INTERVAL));
    if (current.healthy() || !current.message().equals(reason)) {
      log.warn("SQLite store {} cannot write: {} ({})", name, reason, cause == null ? "probe" : cause.getMessage());
    }
    current = StoreHealth.unhealthy(reason);
  }

  /** A write committed: the store writes again. */
  void recovered() {
    if (!current.healthy()) {
      current = StoreHealth.HEALTHY;
      log.info("SQLite store {} writes again", name);
    }
  }

  /** True (once per interval) when the store is unhealthy and a probe should run now. */
  boolean claimProbe() {
    if (current.healthy()) {
      return false;
    }
    Instant now = clock.instant();
    Instant due = nextProbe.get();
    return !now.isBefore(due) && nextProbe.compareAndSet(due, now.plus(PROBE_INTERVAL));
  }
}
