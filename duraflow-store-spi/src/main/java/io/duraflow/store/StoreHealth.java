package io.duraflow.store;

import java.util.Objects;

/**
 * What a store says about its ability to serve: healthy, or unhealthy with a message for people (what is
 * wrong and what brings the store back), e.g. {@code disk full: the store cannot write (SQLITE_FULL);
 * writes resume when space is freed}.
 *
 * <p>Unhealthy means requests that write are failing now for a reason the store knows; it does not mean
 * anything was lost (every write either committed or failed). A store becomes healthy again by itself once
 * the cause is gone. Messages name no Java types and no file paths, so they can be shown to any caller.
 *
 * @param healthy true when the store reads and writes normally
 * @param message a sentence for people; for a healthy store a short confirmation
 */
public record StoreHealth(boolean healthy, String message) {

  /** The answer of a store that knows of no problem. */
  public static final StoreHealth HEALTHY = new StoreHealth(true, "the store reads and writes normally");

  public StoreHealth {
    Objects.requireNonNull(message, "message");
  }

  /** An unhealthy answer with {@code message}. */
  public static StoreHealth unhealthy(String message) {
    return new StoreHealth(false, message);
  }
}
