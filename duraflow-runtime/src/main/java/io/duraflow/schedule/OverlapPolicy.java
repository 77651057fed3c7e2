package io.duraflow.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a schedule does when a start is due while the instance it started last is still running (any
 * status that is not terminal, Pending included), as Temporal's schedule overlap policies.
 */
public enum OverlapPolicy {
  /** Don't start: the due time passes without an instance. The default. */
  SKIP("skip"),
  /**
   * Remember one start and make it when the running instance finishes; further due times while one is
   * remembered are skipped.
   */
  BUFFER_ONE("buffer-one"),
  /** Start anyway: instances of the schedule may run side by side. */
  ALLOW_ALL("allow-all");

  private final String wireName;

  OverlapPolicy(String wireName) {
    this.wireName = wireName;
  }

  /** The name in JSON, HTTP and the CLI: {@code skip}, {@code buffer-one}, {@code allow-all}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The policy named {@code name} (its wire name, case and {@code _}/{@code -} insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static OverlapPolicy parse(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (OverlapPolicy p : values()) {
      if (p.wireName.equals(wanted)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown overlap policy '" + name + "'; use one of: "
        + Arrays.stream(values()).map(OverlapPolicy::wireName).collect(Collectors.joining(", ")));
  }
}
