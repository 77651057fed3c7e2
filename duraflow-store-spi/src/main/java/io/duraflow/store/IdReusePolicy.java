package io.duraflow.store;

/**
 * What starting an instance does when its id is already held (Temporal's id-conflict policy). The store
 * decides in the transaction that creates the instance, so two concurrent starts of one id cannot both win.
 *
 * <p>Whether the id of an instance that already finished may be reused is separate: see
 * {@link NewInstance#reuseCompleted()}.
 */
public enum IdReusePolicy {
  /** The default, as before: an instance that has not finished keeps its id and the start fails. */
  FAIL_IF_RUNNING,
  /**
   * An unfinished instance with the id is replaced: its history, pending messages and activities are
   * dropped and the new one starts in its place (as a finished instance's are when its id is reused).
   */
  TERMINATE_IF_RUNNING,
  /**
   * An instance that holds the id (unfinished, or finished when reuse of finished ids is denied) is kept
   * and nothing is started: the caller gets the id of the existing instance (deduplication by caller key).
   */
  USE_EXISTING
}
