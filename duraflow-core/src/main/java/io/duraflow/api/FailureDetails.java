package io.duraflow.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * Why a task or orchestration failed: a plain record that history can store, never a serialised
 * {@link Throwable}.
 *
 * @param errorType fully qualified class name of the original exception
 * @param errorMessage its message, possibly null
 * @param stackTrace its stack trace as text, possibly null
 * @param inner the cause, possibly null
 */
public record FailureDetails(String errorType, String errorMessage, String stackTrace, FailureDetails inner) {

  public FailureDetails {
    Objects.requireNonNull(errorType, "errorType");
  }

  public FailureDetails(String errorType, String errorMessage) {
    this(errorType, errorMessage, null, null);
  }

  /** Captures type, message and stack trace of {@code t} (and its causes). */
  public static FailureDetails of(Throwable t) {
    if (t instanceof TaskFailedException tfe && tfe.getCause() == null) {
      // A failure that already came from history: keep its original details as the inner cause.
      return new FailureDetails(t.getClass().getName(), t.getMessage(), stackTraceOf(t), tfe.failureDetails());
    }
    FailureDetails inner = t.getCause() == null || t.getCause() == t ? null : of(t.getCause());
    return new FailureDetails(t.getClass().getName(), t.getMessage(), stackTraceOf(t), inner);
  }

  /** Longest stack trace text kept: a deep recursion's trace would otherwise weigh ~100 KB in history. */
  private static final int MAX_STACK_TRACE_CHARS = 16_384;

  private static String stackTraceOf(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    String text = sw.toString();
    return text.length() <= MAX_STACK_TRACE_CHARS ? text
        : text.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t... (" + (text.length() - MAX_STACK_TRACE_CHARS) + " more characters)";
  }

  /** True if this failure, or one of its inner causes, was thrown as {@code type} or a subclass of it. */
  public boolean isCausedBy(Class<? extends Throwable> type) {
    for (FailureDetails f = this; f != null; f = f.inner) {
      try {
        Class<?> c = Class.forName(f.errorType, false, type.getClassLoader());
        if (type.isAssignableFrom(c)) {
          return true;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        if (f.errorType.equals(type.getName())) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return errorType + ": " + errorMessage;
  }
}
