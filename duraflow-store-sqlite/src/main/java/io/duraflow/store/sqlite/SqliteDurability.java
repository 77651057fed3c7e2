package io.duraflow.store.sqlite;

/**
 * How hard a SQLite commit works to survive failures ({@code PRAGMA synchronous} in WAL mode).
 *
 * <ul>
 *   <li>{@link #FULL} (default): every commit is fsync'd; a committed step survives a process crash and
 *       a power loss or OS crash.
 *   <li>{@link #NORMAL}: the WAL is fsync'd only at checkpoints; a committed step survives a process crash
 *       (kill -9, JVM crash) but the last commits may be lost on power loss or OS crash. The database stays
 *       consistent either way. Faster when fsync is slow.
 * </ul>
 */
public enum SqliteDurability {
  FULL,
  NORMAL
}
