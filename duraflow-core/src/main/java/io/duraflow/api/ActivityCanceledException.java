package io.duraflow.api;

/**
 * Thrown inside an activity by {@link TaskActivityContext#heartbeat(Object)} and
 * {@link TaskActivityContext#throwIfCancellationRequested()} once the attempt is no longer wanted: its instance
 * was terminated, or the attempt timed out (another attempt may already run). The activity should let it
 * propagate (after releasing what it holds); whatever the attempt returns or throws afterwards is dropped,
 * and a cancelled attempt is never retried.
 */
public class ActivityCanceledException extends DuraflowException {
  private static final long serialVersionUID = 1L;

  /** The error type recorded for an attempt that ended with this exception. */
  public static final String ERROR_TYPE = "duraflow.ActivityCanceled";

  public ActivityCanceledException(String message) {
    super(message);
  }
}
