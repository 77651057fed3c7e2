package io.duraflow.faces;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One face DetectFace found.
 *
 * @param box where the face is
 * @param happiness the face's happiness, 0..1: {@code happinessRaw} through {@link HappinessCalibration}
 *     (the identity until calibration parameters are fitted, see there); not a calibrated probability like
 *     the retired cloud attribute (see docs/faces.md)
 * @param confidence the detector's score, 0..1
 * @param happinessRaw P(happy) from the FER2013 emotion model, 0..1; null in results recorded before it
 *     existed
 * @param emotions all seven probabilities of the emotion model, label to probability (4 decimals), in
 *     {@link EmotionClassifier#LABELS} order; empty in results recorded before it existed
 */
@JsonPropertyOrder({"box", "happiness", "confidence", "happinessRaw", "emotions"})
public record FaceScore(
    @JsonProperty("box") FaceBox box,
    @JsonProperty("happiness") double happiness,
    @JsonProperty("confidence") double confidence,
    @JsonProperty("happinessRaw") @JsonInclude(JsonInclude.Include.NON_NULL) Double happinessRaw,
    @JsonProperty("emotions") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> emotions) {

  public FaceScore {
    // A LinkedHashMap copy, not Map.copyOf: the labels keep their order in the JSON output.
    emotions = emotions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(emotions));
  }

  /** A face without the emotion model's detail (no raw happiness, no per-label probabilities). */
  public FaceScore(FaceBox box, double happiness, double confidence) {
    this(box, happiness, confidence, null, Map.of());
  }

  /** This face with its box replaced (scores unchanged). */
  public FaceScore withBox(FaceBox newBox) {
    return new FaceScore(newBox, happiness, confidence, happinessRaw, emotions);
  }
}
