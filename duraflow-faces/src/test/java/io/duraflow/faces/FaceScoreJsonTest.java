package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a face's scores look in DetectFace's and FaceHappiness's JSON, and that older results still read. */
class FaceScoreJsonTest {
  private static FaceScore sample() {
    Map<String, Double> emotions = new LinkedHashMap<>();
    double[] p = {0.01, 0.0, 0.02, 0.9, 0.03, 0.01, 0.03};
    for (int i = 0; i < p.length; i++) {
      emotions.put(EmotionClassifier.LABELS.get(i), p[i]);
    }
    return new FaceScore(new FaceBox(10, 20, 30, 40), 0.85, 0.91, 0.9, emotions);
  }

  @Test
  void detectFaceResult_listsEveryEmotionInLabelOrder() throws Exception {
    ImageFaces result = new ImageFaces("https://example.org/a.jpg", 100, 80, List.of(sample()));
    JsonNode face = JacksonTestConverter.MAPPER.readTree(new JacksonTestConverter().serialize(result)).path("faces").get(0);

    assertThat(face.fieldNames()).toIterable().containsExactly("box", "happiness", "confidence", "happinessRaw", "emotions");
    assertThat(face.path("emotions").fieldNames()).toIterable().containsExactlyElementsOf(EmotionClassifier.LABELS);
    assertThat(face.path("emotions").path("happy").asDouble()).isEqualTo(0.9);
    assertThat(face.path("happiness").asDouble()).isEqualTo(0.85);
    assertThat(face.path("happinessRaw").asDouble()).isEqualTo(0.9);
  }

  @Test
  void detectFaceResult_roundTripsThroughJson() {
    JacksonTestConverter json = new JacksonTestConverter();
    ImageFaces result = new ImageFaces("https://example.org/a.jpg", 100, 80, List.of(sample()));
    ImageFaces back = json.deserialize(json.serialize(result), ImageFaces.class);
    assertThat(back).isEqualTo(result);
    assertThat(back.faces().get(0).emotions().keySet()).containsExactlyElementsOf(EmotionClassifier.LABELS);
  }

  @Test
  void resultRecordedBeforeEmotionsExisted_stillReads() {
    // An orchestration in flight during an upgrade replays DetectFace results stored by the old version.
    String old = "{\"url\":\"u\",\"width\":10,\"height\":10,\"faces\":[{\"box\":{\"x\":1,\"y\":2,\"w\":3,\"h\":4},"
        + "\"happiness\":0.5,\"confidence\":0.9}]}";
    JacksonTestConverter json = new JacksonTestConverter();
    FaceScore f = json.deserialize(old, ImageFaces.class).faces().get(0);
    assertThat(f.happiness()).isEqualTo(0.5);
    assertThat(f.happinessRaw()).isNull();
    assertThat(f.emotions()).isEmpty();
    // ... and is written back without the fields it never had.
    assertThat(json.serialize(f)).doesNotContain("emotions").doesNotContain("happinessRaw");
  }

  @Test
  void orchestrationOutput_carriesTheEmotions() throws Exception {
    ImageFaces result = new ImageFaces("https://example.org/a.jpg", 100, 80, List.of(sample()));
    FaceHappinessResult out = FaceHappinessResult.of(List.of(FaceHappinessResult.Image.of(result)));
    JsonNode face = JacksonTestConverter.MAPPER.readTree(new JacksonTestConverter().serialize(out))
        .path("images").get(0).path("faces").get(0);
    assertThat(face.fieldNames()).toIterable().containsExactly("box", "happiness", "confidence", "happinessRaw", "emotions");
    assertThat(face.path("emotions").fieldNames()).toIterable().containsExactlyElementsOf(EmotionClassifier.LABELS);
    assertThat(out.maxVal()).isEqualTo(0.85);
  }

  @Test
  void boxesMappedToSourcePixels_keepTheScores() {
    RgbImage small = new RgbImage(50, 40, new int[50 * 40]);
    try (DecodedImage decoded = new DecodedImage(small, 100, 80, new DecodeBudget(1 << 20).reserve(1024, java.time.Duration.ofSeconds(1), "t"))) {
      FaceScore mapped = decoded.toSourcePixels(List.of(sample().withBox(new FaceBox(10, 5, 20, 30)))).get(0);
      assertThat(mapped.box()).isEqualTo(new FaceBox(20, 10, 40, 60));
      assertThat(mapped.emotions()).isEqualTo(sample().emotions());
      assertThat(mapped.happinessRaw()).isEqualTo(0.9);
    }
  }
}
