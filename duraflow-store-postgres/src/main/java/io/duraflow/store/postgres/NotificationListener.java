package io.duraflow.store.postgres;

import io.duraflow.store.jdbc.CompletionListeners;
import io.duraflow.store.jdbc.WorkListeners;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the workers of all nodes sharing a schema when one of them commits work, with PostgreSQL
 * LISTEN/NOTIFY on channel {@value #CHANNEL}.
 *
 * <p><b>Listening.</b> A daemon thread holds one dedicated connection (outside the pool) that LISTENs and
 * fires this node's work listeners for notifications from other nodes of the same schema (payload
 * {@code schema/node}). When the connection breaks (server restart, network), it reconnects with
 * exponential back-off (100 ms doubling to 5 s) and fires the listeners once after reconnecting, since
 * notifications sent meanwhile are lost. A silently dead connection is caught by a {@code SELECT 1} after
 * 10 s of silence.
 *
 * <p><b>Publishing.</b> {@link #publish()} is called after each commit that added work; a second daemon
 * thread sends one NOTIFY (on a pooled connection) for any number of publish calls since its last one.
 * Keeping NOTIFY out of the writing transactions keeps PostgreSQL's group commit working (see
 * {@link PostgresDialect#announceWork}).
 *
 * <p><b>Completions</b> travel the same way on channel {@value #DONE_CHANNEL}: {@link #publishCompletion}
 * queues an instance, the publisher gathers them for 10 ms and sends one NOTIFY per 7,000 bytes of payload
 * ({@code schema/node} then one {@code hub TAB id} line each), and the listener tells this node's
 * completion listeners, so a client waiting here for an instance finished elsewhere returns at once.
 *
 * <p>Workers and waiting clients poll anyway, so a lost or late notification only costs latency.
 */
final class NotificationListener implements AutoCloseable {
  static final String CHANNEL = "duraflow_work";
  static final String DONE_CHANNEL = "duraflow_done";
  private static final int MAX_PAYLOAD = 7_000; // PostgreSQL's limit is 8,000 bytes
  private static final long COMPLETION_BATCH_MS = 10;

  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private static final String LISTEN = "LISTEN " + CHANNEL + "; LISTEN " + DONE_CHANNEL;
  private static final String NOTIFY = "SELECT pg_notify(?, ?)";
  private static final String PING = "SELECT 1";
  private static final int WAIT_MS = 500;
  private static final long PING_EVERY_MS = 10_000;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final String jdbcUrl;
  private final Properties properties;
  private final String schemaPrefix;
  private final String ownPayload;
  private final WorkListeners listeners;
  private final DataSource pool;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();
  private volatile CompletionListeners completionListeners;
  private final Thread listenThread;
  private final Thread publishThread;
  private volatile boolean closed;
  private volatile Connection connection;

  NotificationListener(String jdbcUrl, Properties properties, String schema, WorkListeners listeners, DataSource pool) {
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    this.schemaPrefix = (schema == null ? "" : schema) + "/";
    this.ownPayload = schemaPrefix + UUID.randomUUID();
    this.listeners = listeners;
    this.pool = pool;
    String name = schema == null ? "" : " " + schema;
    this.listenThread = new Thread(this::listenLoop, "duraflow-pg-listen" + name);
    this.publishThread = new Thread(this::publishLoop, "duraflow-pg-notify" + name);
    listenThread.setDaemon(true);
    publishThread.setDaemon(true);
    listenThread.start();
    publishThread.start();
  }

  /** Asks the publisher thread to NOTIFY other nodes; cheap, never blocks. */
  void publish() {
    if (pending.compareAndSet(false, true)) {
      LockSupport.unpark(publishThread);
    }
  }

  /** Where completions that other nodes announce are reported. */
  void completionsTo(CompletionListeners listeners) {
    this.completionListeners = listeners;
  }

  /** Asks the publisher thread to tell other nodes that an instance finished; cheap, never blocks. */
  void publishCompletion(String taskHub, String instanceId) {
    completed.add(taskHub + '\t' + instanceId);
    LockSupport.unpark(publishThread);
  }

  private void publishLoop() {
    while (!closed) {
      boolean work = pending.getAndSet(false);
      if (!work && completed.isEmpty()) {
        LockSupport.parkNanos(this, 1_000_000_000L);
        continue;
      }
      if (!work) {
        // Completions only: gather them for a moment, so that a busy node sends a NOTIFY (a transaction)
        // per batch rather than per instance; remote waiters hear within milliseconds all the same.
        sleep(COMPLETION_BATCH_MS); // not park: every publishCompletion would end it at once
        work = pending.getAndSet(false);
      }
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(NOTIFY)) {
        if (work) {
          ps.setString(1, CHANNEL);
          ps.setString(2, ownPayload);
          ps.executeQuery().close();
        }
        StringBuilder payload = new StringBuilder(ownPayload);
        for (String line; (line = completed.poll()) != null; ) {
          if (payload.length() + line.length() + 1 > MAX_PAYLOAD) {
            notifyDone(ps, payload);
            payload.setLength(0);
            payload.append(ownPayload);
          }
          payload.append('\n').append(line);
        }
        if (payload.length() > ownPayload.length()) {
          notifyDone(ps, payload);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        if (!closed) {
          log.debug("Could not notify other nodes of new work or completions: {}", e.getMessage());
        }
      }
    }
  }

  private static void notifyDone(PreparedStatement ps, CharSequence payload) throws SQLException {
    ps.setString(1, DONE_CHANNEL);
    ps.setString(2, payload.toString());
    ps.executeQuery().close();
  }

  private void listenLoop() {
    long backoff = 100;
    boolean everConnected = false;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, properties)) {
        connection = c;
        try (Statement st = c.createStatement()) {
          st.execute(LISTEN);
        }
        if (everConnected) {
          log.info("Reconnected the PostgreSQL work listener");
          listeners.fire(); // notifications sent while we were away are lost
          CompletionListeners done = completionListeners;
          if (done != null) {
            done.fire(null, null, null);
          }
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
      boolean fromOtherNode = false;
      if (notifications != null) {
        for (PGNotification n : notifications) {
          String p = n.getParameter();
          if (DONE_CHANNEL.equals(n.getName())) {
            relayCompletions(p);
          } else {
            fromOtherNode |= p.startsWith(schemaPrefix) && !p.equals(ownPayload);
          }
        }
        lastHeard = System.nanoTime();
      }
      if (fromOtherNode) {
        listeners.fire();
      }
      if (System.nanoTime() - lastHeard > PING_EVERY_MS * 1_000_000) {
        try (Statement st = c.createStatement()) {
          st.execute(PING);
        }
        lastHeard = System.nanoTime();
      }
    }
  }

  private void relayCompletions(String payload) {
    CompletionListeners done = completionListeners;
    String[] lines = payload.split("\n");
    if (done == null || !lines[0].startsWith(schemaPrefix) || lines[0].equals(ownPayload)) {
      return; // another schema's, or ours (told locally already)
    }
    for (int i = 1; i < lines.length; i++) {
      int tab = lines[i].indexOf('\t');
      if (tab > 0) {
        done.fire(lines[i].substring(0, tab), lines[i].substring(tab + 1), null);
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
    LockSupport.unpark(publishThread);
    listenThread.interrupt();
    try {
      listenThread.join(2_000);
      publishThread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
