package io.duraflow.worker;

import io.duraflow.api.OrchestrationVersion;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready instances of an orchestration version no running worker has, for {@link MissingCodeWatch}: they
 * are logged once and counted in the missing-code gauge, but never failed, since a node with that
 * version (the old code during an upgrade, the new one during a rollback) is expected to take them.
 */
final class VersionWait {
  private static final String KIND = "orchestration-version:";
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private final Map<String, Instant> missingSince;

  VersionWait(Map<String, Instant> missingSince) {
    this.missingSince = missingSince;
  }

  /**
   * True when {@code key} is a name@version claim key whose name some running worker knows (at another
   * version): the version is missing, not the orchestration. A key whose name nobody knows at all is
   * missing code, treated as before.
   */
  static boolean isVersionKey(String key, Set<String> knownKeys) {
    int at = key.lastIndexOf(OrchestrationVersion.KEY_SEPARATOR);
    return at > 0 && knownKeys.contains(key.substring(0, at));
  }

  static boolean isWait(String missingKey) {
    return missingKey.startsWith(KIND);
  }

  /** Notes the wait (logging it the first time); returns its key in the missing-code map. */
  String observe(String claimKey, Instant now) {
    String key = KIND + claimKey;
    if (missingSince.putIfAbsent(key, now) == null) {
      int at = claimKey.lastIndexOf(OrchestrationVersion.KEY_SEPARATOR);
      log.warn("Instances of orchestration '{}' version '{}' are waiting for a worker with that version: running"
          + " workers have other versions only. They wait (they are not failed) until a node with version '{}'"
          + " starts; see docs/versioning.md", claimKey.substring(0, at), claimKey.substring(at + 1),
          claimKey.substring(at + 1));
    }
    return key;
  }
}
