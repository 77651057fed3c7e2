package io.duraflow.client;

import java.time.Instant;

/**
 * Options for starting an instance.
 *
 * @param instanceId the id to use, or null for a random one
 * @param startAt when to start, or null for now
 */
public record StartOptions(String instanceId, Instant startAt) {
  public static StartOptions defaults() {
    return new StartOptions(null, null);
  }

  public static StartOptions withInstanceId(String instanceId) {
    return new StartOptions(instanceId, null);
  }
}
