package io.duraflow.faces;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.duraflow.api.FailureDetails;
import java.util.List;

/**
 * Output of the {@code FaceHappiness} orchestration.
 *
 * @param minVal the lowest happiness over all faces, null when no face was found
 * @param maxVal the highest happiness over all faces, null when no face was found
 * @param faces how many faces were found
 * @param images one entry per input URL, in input order
 * @param reason why min/max are null; absent when they are not
 */
@JsonPropertyOrder({"min_val", "max_val", "faces", "images", "reason"})
public record FaceHappinessResult(
    @JsonProperty("min_val") Double minVal,
    @JsonProperty("max_val") Double maxVal,
    @JsonProperty("faces") int faces,
    @JsonProperty("images") List<Image> images,
    @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

  /** Min, max and count over the faces of {@code images}, with the reason when there is none. */
  public static FaceHappinessResult of(List<Image> images) {
    Double min = null;
    Double max = null;
    int faces = 0;
    int failed = 0;
    for (Image image : images) {
      if (image.error() != null) {
        failed++;
      }
      for (FaceScore f : image.faces()) {
        faces++;
        min = min == null ? f.happiness() : Math.min(min, f.happiness());
        max = max == null ? f.happiness() : Math.max(max, f.happiness());
      }
    }
    String reason = null;
    if (faces == 0) {
      if (images.isEmpty()) {
        reason = "no image URLs were given";
      } else if (failed == images.size()) {
        reason = "no image could be analysed (see each image's error)";
      } else {
        reason = "no face was found in any image" + (failed > 0 ? " that could be analysed" : "");
      }
    }
    return new FaceHappinessResult(min, max, faces, List.copyOf(images), reason);
  }

  /**
   * One image's entry: its faces, or the error that kept it from being analysed.
   *
   * @param url the URL as given (data: URLs shortened)
   * @param faces the faces, empty when there is none or on error
   * @param error why the image failed, absent on success
   */
  @JsonPropertyOrder({"url", "faces", "error"})
  public record Image(
      @JsonProperty("url") String url,
      @JsonProperty("faces") List<FaceScore> faces,
      @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) Error error) {

    /** The entry of an analysed image. */
    public static Image of(ImageFaces result) {
      return new Image(result.url(), List.copyOf(result.faces()), null);
    }

    /** The entry of an image whose DetectFace failed with {@code failure}. */
    public static Image failed(String url, FailureDetails failure) {
      return new Image(ImageFetcher.describe(url), List.of(), Error.of(failure));
    }
  }

  /**
   * Why an image failed.
   *
   * @param type refused, fetch_failed, not_an_image, unavailable (transient, retries exhausted) or
   *     internal
   * @param message the failure's message
   */
  @JsonPropertyOrder({"type", "message"})
  public record Error(@JsonProperty("type") String type, @JsonProperty("message") String message) {

    /** Classifies {@code failure} by its exception type. */
    public static Error of(FailureDetails failure) {
      String type = failure.errorType();
      String kind;
      if (type.endsWith("$Refused")) {
        kind = "refused";
      } else if (type.endsWith("$FetchFailed")) {
        kind = "fetch_failed";
      } else if (type.endsWith("$NotAnImage")) {
        kind = "not_an_image";
      } else if (type.endsWith("$Unavailable")) {
        kind = "unavailable";
      } else {
        kind = "internal";
      }
      return new Error(kind, failure.errorMessage() != null ? failure.errorMessage() : type);
    }
  }
}
