package io.duraflow.store;

import java.util.Set;

/** The orchestration and activity names of the work that is ready to be claimed now. */
public record ReadyWorkNames(Set<String> orchestrations, Set<String> activities) {
  public ReadyWorkNames {
    orchestrations = Set.copyOf(orchestrations);
    activities = Set.copyOf(activities);
  }
}
