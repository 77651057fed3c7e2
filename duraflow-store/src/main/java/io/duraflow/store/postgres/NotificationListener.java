package io.duraflow.store.postgres;

import io.duraflow.store.jdbc.WorkListeners;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this node's workers when another node commits work: a daemon thread holds one dedicated
 * connection (outside the pool) that {@code LISTEN}s on {@link PostgresDialect#CHANNEL} and fires the work
 * listeners for notifications about this store's schema.
 *
 * <p>When the connection breaks (server restart, network), the thread reconnects with exponential back-off
 * (100 ms doubling to 5 s) and fires the listeners once after reconnecting, since notifications sent
 * meanwhile are lost. A silently dead connection is detected by a {@code SELECT 1} every 10 s of silence.
 * Workers poll anyway, so a gap only costs latency.
 */
final class NotificationListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private static final int WAIT_MS = 500;
  private static final long PING_EVERY_MS = 10_000;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final String jdbcUrl;
  private final Properties properties;
  private final String payload;
  private final WorkListeners listeners;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  NotificationListener(String jdbcUrl, Properties properties, String payload, WorkListeners listeners) {
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    this.payload = payload;
    this.listeners = listeners;
    this.thread = new Thread(this::loop, "duraflow-pg-listen " + (payload.isEmpty() ? "" : payload));
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long backoff = 100;
    boolean everConnected = false;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, properties)) {
        connection = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + PostgresDialect.CHANNEL);
        }
        if (everConnected) {
          log.info("Reconnected the PostgreSQL work listener");
          listeners.fire(); // notifications sent while we were away are lost
        }
        everConnected = true;
        backoff = 100;
        listen(c);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        log.warn("PostgreSQL work listener lost its connection ({}); reconnecting in {} ms", e.getMessage(), backoff);
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } finally {
        connection = null;
      }
    }
  }

  private void listen(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long lastHeard = System.nanoTime();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MS);
      boolean ours = false;
      if (notifications != null) {
        for (PGNotification n : notifications) {
          ours |= payload.equals(n.getParameter());
        }
        lastHeard = System.nanoTime();
      }
      if (ours) {
        listeners.fire();
      }
      if (System.nanoTime() - lastHeard > PING_EVERY_MS * 1_000_000) {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT 1");
        }
        lastHeard = System.nanoTime();
      }
    }
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the thread notices closed within WAIT_MS anyway
      }
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
