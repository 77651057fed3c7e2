package io.duraflow.store;

import io.duraflow.api.DuraflowException;

/** A lease expired and another worker claimed the item; the caller's change was not written. */
public class LeaseLostException extends DuraflowException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String what, String instanceId) {
    super("Lease on " + what + " of instance '" + instanceId + "' was lost; another worker owns it now");
  }
}
