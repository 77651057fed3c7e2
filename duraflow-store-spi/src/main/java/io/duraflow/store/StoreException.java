package io.duraflow.store;

import io.duraflow.api.DuraflowException;

/** The database failed or could not be reached; the operation may be retried. */
public class StoreException extends DuraflowException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
