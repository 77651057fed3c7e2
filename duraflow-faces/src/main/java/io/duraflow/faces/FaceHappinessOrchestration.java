package io.duraflow.faces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskFailedException;
import io.duraflow.api.TaskOrchestration;
import io.duraflow.api.TaskOrchestrationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Orchestration {@code FaceHappiness} (also registered as the seed's {@code Orchestrator}): fans out one
 * {@code DetectFace} per URL, fans in, and reports min/max happiness over all faces plus per-image detail.
 *
 * <p>Input {@code {"urls": [...]}} or a bare JSON array of URLs. A failed image is reported in its entry
 * and never fails the run; transient failures ({@link FaceImageException.Unavailable}) are retried with
 * exponential backoff, permanent ones are not. {@code min_val}/{@code max_val} are null, with a
 * {@code reason}, when no face was found anywhere. The custom status shows {@code {"done", "total"}}
 * while images finish. Deterministic: it reads nothing but its input and task results.
 */
public final class FaceHappinessOrchestration implements TaskOrchestration {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RetryPolicy retryPolicy;

  public FaceHappinessOrchestration(FaceOptions options) {
    Objects.requireNonNull(options, "options");
    this.retryPolicy = RetryPolicy.builder(options.maxAttempts(), options.firstRetryInterval())
        .backoffCoefficient(2.0)
        .handle(FaceHappinessOrchestration::isTransient)
        .build();
  }

  /** Retry only failures that a later attempt may not repeat: timeouts, connection errors, 5xx, 429. */
  static boolean isTransient(FailureDetails failure) {
    return failure.isCausedBy(FaceImageException.Unavailable.class);
  }

  @Override
  public Object run(TaskOrchestrationContext ctx) {
    List<String> urls = urlsOf(ctx.getRawInput());
    List<Task<ImageFaces>> tasks = new ArrayList<>();
    for (String url : urls) {
      tasks.add(ctx.callActivity(FaceWorkflow.DETECT_FACE, url, retryPolicy, ImageFaces.class));
    }
    ctx.setCustomStatus(progress(0, urls.size()));
    List<Task<?>> pending = new ArrayList<>(tasks);
    while (!pending.isEmpty()) {
      ctx.anyOf(pending).await(); // completes on success and failure alike
      pending.removeIf(Task::isDone);
      ctx.setCustomStatus(progress(urls.size() - pending.size(), urls.size()));
    }

    List<FaceHappinessResult.Image> images = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        images.add(FaceHappinessResult.Image.of(tasks.get(i).await()));
      } catch (TaskFailedException e) {
        images.add(FaceHappinessResult.Image.failed(urls.get(i), e.failureDetails()));
      }
    }
    return FaceHappinessResult.of(images);
  }

  private static Map<String, Object> progress(int done, int total) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("done", done);
    status.put("total", total);
    return status;
  }

  /**
   * The URLs of input {@code {"urls": [...]}} or {@code [...]} (a single URL string is accepted too).
   *
   * @throws IllegalArgumentException for anything else: the run fails with a message saying what to send
   */
  /** The start-time check of the input: the shape {@link #urlsOf} reads, refused with its message otherwise. */
  static void checkInput(String rawInput) {
    urlsOf(rawInput);
  }

  static List<String> urlsOf(String rawInput) {
    String expected = "FaceHappiness expects {\"urls\": [\"https://...\", ...]} or a JSON array of URLs";
    if (rawInput == null || rawInput.isBlank()) {
      throw new IllegalArgumentException(expected + ", got no input");
    }
    JsonNode node;
    try {
      node = JSON.readTree(rawInput);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(expected + ", got invalid JSON: " + e.getOriginalMessage());
    }
    if (node.isTextual() && !node.asText().isBlank()) {
      return List.of(node.asText());
    }
    if (node.isObject()) {
      node = node.get("urls");
    }
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(expected + ", got " + ImageFetcher.describe(rawInput));
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode u : node) {
      if (!u.isTextual()) {
        throw new IllegalArgumentException(expected + "; element " + urls.size() + " is not a string: " + u);
      }
      urls.add(u.asText());
    }
    return urls;
  }
}
