/**
 * The store logic shared by the SQL backends: {@link io.duraflow.store.jdbc.JdbcOrchestrationStore}
 * (claims, commits, queries in plain JDBC), {@link io.duraflow.store.jdbc.SqlDialect} (what differs
 * between databases) and {@link io.duraflow.store.jdbc.TransactionRunner} (how transactions run).
 *
 * <p>Tables (see {@code db/migration/<database>/V1__orchestration_store.sql}): {@code instances}
 * (one row per instance, with its lease and a cached ready time), {@code history} (events per execution,
 * numbered by {@code seq}), {@code inbox} (messages, with {@code visible_at}), {@code activities}
 * (activity work items). All timestamps are UTC epoch milliseconds.
 */
package io.duraflow.store.jdbc;
