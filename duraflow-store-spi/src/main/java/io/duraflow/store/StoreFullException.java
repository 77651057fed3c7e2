package io.duraflow.store;

/**
 * A write failed because the store has no space left (the disk, or a size limit of the database, is
 * full). Nothing of the operation was written; it may be retried once space is freed, and the store
 * recovers without a restart.
 *
 * <p>{@link #reason()} is the part of the message meant for any caller (no paths, no types), e.g. {@code
 * disk full: the store cannot write (SQLITE_FULL); writes resume when space is freed}; {@link
 * #getMessage()} also names the operation and the instance, for logs.
 */
public class StoreFullException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  /**
   * @param operation what could not be done, e.g. {@code create instance}
   * @param instanceId the instance it was for, or null
   * @param reason why, for people: what is full and what brings writes back
   */
  public StoreFullException(String operation, String instanceId, String reason, Throwable cause) {
    super("Could not " + operation + (instanceId == null ? "" : " (instance '" + instanceId + "')") + ": " + reason,
        cause);
    this.reason = reason;
  }

  /** Why the store cannot write, in words any caller may see. */
  public String reason() {
    return reason;
  }
}
