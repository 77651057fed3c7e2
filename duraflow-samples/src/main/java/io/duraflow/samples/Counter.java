package io.duraflow.samples;

/**
 * A sample durable entity: a number. Registered as {@code counter} by {@link Samples#registerEntities};
 * its public methods are its operations ({@code add}, {@code reset}, {@code get}) and its field is its
 * state, stored as {@code {"value": n}}. The built-in {@code delete} operation removes it.
 */
public final class Counter {
  /** The entity name the samples register. */
  public static final String NAME = "counter";

  /** The state: public so that the JSON converter reads and writes it. */
  public long value;

  /** Adds {@code amount}. */
  public void add(long amount) {
    value += amount;
  }

  /** Sets the value back to zero. */
  public void reset() {
    value = 0;
  }

  /** The current value. */
  public long get() {
    return value;
  }
}
