package io.duraflow.api;

/** Runtime status of an orchestration instance; {@link #wireName()} is the Durable Functions spelling. */
public enum OrchestrationRuntimeStatus {
  PENDING("Pending"),
  RUNNING("Running"),
  COMPLETED("Completed"),
  CONTINUED_AS_NEW("ContinuedAsNew"),
  FAILED("Failed"),
  TERMINATED("Terminated"),
  SUSPENDED("Suspended");

  private final String wireName;

  OrchestrationRuntimeStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON, storage and URIs, e.g. {@code ContinuedAsNew}. */
  public String wireName() {
    return wireName;
  }

  /** True for Completed, Failed and Terminated: nothing more will happen to the instance. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == TERMINATED;
  }

  /** Parses a wire name or enum constant name, ignoring case. */
  public static OrchestrationRuntimeStatus parse(String text) {
    String t = text.trim();
    for (OrchestrationRuntimeStatus s : values()) {
      if (s.wireName.equalsIgnoreCase(t) || s.name().equalsIgnoreCase(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown runtime status '" + text + "'; expected one of "
        + java.util.Arrays.stream(values()).map(OrchestrationRuntimeStatus::wireName).toList());
  }
}
