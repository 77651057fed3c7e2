package io.duraflow.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Orchestration versions: how they compare, and the key under which a worker claims the instances of one
 * version.
 *
 * <p>Versions are free text ("1", "1.10", "2024-06-01", "v2-beta"). They compare numeric-aware: each
 * version is split into runs of digits and runs of other characters; digit runs compare as numbers
 * ({@code "1.10" > "1.9"}, {@code "10" > "9"}), other runs as text (by code point), and a version that is a
 * prefix of another is the lower ({@code "1" < "1.0"}). Two versions are the same only when their text is
 * equal.
 */
public final class OrchestrationVersion {
  /**
   * Separates name and version in a claim key. Instances of an unversioned start claim under the bare name.
   */
  public static final char KEY_SEPARATOR = '@';

  /** Numeric-aware order (see the class comment); equal only for equal text. */
  public static final Comparator<String> ORDER = OrchestrationVersion::compare;

  private OrchestrationVersion() {}

  /** Compares {@code a} and {@code b} numeric-aware (see the class comment). */
  public static int compare(String a, String b) {
    List<String> x = runs(a);
    List<String> y = runs(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      String p = x.get(i);
      String q = y.get(i);
      int c = isDigits(p) && isDigits(q) ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(x.size(), y.size());
    return c != 0 ? c : a.compareTo(b); // "01" and "1" are numerically equal but different versions
  }

  /**
   * The key a worker claims instances of {@code name} at {@code version} with: the bare name for an
   * instance that recorded no version (any worker with code for the name runs it), {@code name@version}
   * otherwise (only a worker with that version runs it).
   */
  public static String claimKey(String name, String version) {
    Objects.requireNonNull(name, "name");
    return version == null ? name : name + KEY_SEPARATOR + version;
  }

  /**
   * Checks a version given at a public boundary (registration, start): not blank, no control characters
   * and no '{@value #KEY_SEPARATOR}', so that a claim key reads back unambiguously.
   *
   * @return {@code version}
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static String requireValid(String version) {
    Objects.requireNonNull(version, "version");
    if (version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    if (version.length() > 100) {
      throw new IllegalArgumentException("version must be at most 100 characters, was " + version.length());
    }
    if (version.chars().anyMatch(c -> Character.isISOControl(c) || c == KEY_SEPARATOR)) {
      throw new IllegalArgumentException("version '" + version.strip()
          + "' must not contain control characters or '" + KEY_SEPARATOR + "'");
    }
    return version;
  }

  private static boolean isDigits(String run) {
    return Character.isDigit(run.charAt(0));
  }

  private static List<String> runs(String version) {
    List<String> runs = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= version.length(); i++) {
      if (i == version.length() || Character.isDigit(version.charAt(i)) != Character.isDigit(version.charAt(start))) {
        runs.add(version.substring(start, i));
        start = i;
      }
    }
    return runs;
  }
}
