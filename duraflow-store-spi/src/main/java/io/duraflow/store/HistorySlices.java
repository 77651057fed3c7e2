package io.duraflow.store;

/** The argument rules of {@link OrchestrationStore#getHistorySlice}, shared by the stores that override it. */
public final class HistorySlices {
  private HistorySlices() {}

  /** @throws IllegalArgumentException if {@code offset < 0} or {@code limit < 1} */
  public static void check(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be at least 0, was " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
