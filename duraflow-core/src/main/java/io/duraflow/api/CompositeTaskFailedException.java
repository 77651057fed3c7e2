package io.duraflow.api;

import java.util.List;

/** Thrown by {@code allOf(...).await()} when at least one of its tasks failed; all of them have finished. */
public class CompositeTaskFailedException extends DuraflowException {
  private static final long serialVersionUID = 1L;
  private final transient List<RuntimeException> failures;

  public CompositeTaskFailedException(List<RuntimeException> failures) {
    super(failures.size() + " of the awaited tasks failed; first: " + failures.get(0).getMessage(), failures.get(0));
    this.failures = List.copyOf(failures);
  }

  /** The failure of each failed task, in the order the tasks were passed. */
  public List<RuntimeException> failures() {
    return failures;
  }
}
