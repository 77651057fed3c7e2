package io.duraflow.api;

/** Root of Duraflow's unchecked exceptions. */
public class DuraflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DuraflowException(String message) {
    super(message);
  }

  public DuraflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
