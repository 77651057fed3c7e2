package io.duraflow.store;

/** How many instance and activity leases {@link OrchestrationStore#releaseLeasesOf} gave back. */
public record ReleasedLeases(int instances, int activities) {
  public boolean isEmpty() {
    return instances == 0 && activities == 0;
  }
}
