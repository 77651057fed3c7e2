package io.duraflow.samples;

import io.duraflow.api.TaskCanceledException;
import io.duraflow.api.TaskOrchestration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Human interaction: waits for external event {@code Approval} with a durable timer as timeout. Input:
 * {@code {"timeoutSeconds": n}} (default one hour). Output: {@code {"approved": true|false, "response":
 * <event payload>}} or {@code {"approved": false, "timedOut": true}}. Custom status says what it waits for.
 */
public final class Approval {
  public static final String NAME = "Approval";
  public static final String EVENT = "Approval";
  static final long DEFAULT_TIMEOUT_SECONDS = 3600;

  private Approval() {}

  /** The sample's input. */
  public record Input(Long timeoutSeconds) {}

  public static TaskOrchestration orchestration() {
    return ctx -> {
      Input input = ctx.getRawInput() == null ? null : ctx.getInput(Input.class);
      long seconds = input == null || input.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : input.timeoutSeconds();
      if (seconds < 0) {
        throw new IllegalArgumentException("timeoutSeconds must be >= 0, was " + seconds);
      }
      ctx.setCustomStatus(Map.of("waitingFor", EVENT, "until", ctx.currentInstant().plusSeconds(seconds).toString()));
      Map<String, Object> out = new LinkedHashMap<>();
      try {
        Object response = ctx.waitForExternalEvent(EVENT, Duration.ofSeconds(seconds), Object.class).await();
        out.put("approved", isApproval(response));
        out.put("response", response);
      } catch (TaskCanceledException e) {
        out.put("approved", false);
        out.put("timedOut", true);
      }
      ctx.setCustomStatus(null);
      return out;
    };
  }

  /** {@code true}, {@code "approved"}, {@code "yes"} or {@code {"approved": true}} approve. */
  static boolean isApproval(Object response) {
    if (response instanceof Boolean b) {
      return b;
    }
    if (response instanceof String s) {
      return s.equalsIgnoreCase("approved") || s.equalsIgnoreCase("yes") || s.equalsIgnoreCase("true");
    }
    if (response instanceof Map<?, ?> m) {
      return Boolean.TRUE.equals(m.get("approved"));
    }
    return false;
  }
}
