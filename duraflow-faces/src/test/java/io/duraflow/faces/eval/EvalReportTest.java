package io.duraflow.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.faces.FaceBox;
import io.duraflow.faces.FaceScore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalReportTest {
  private static EvalReport.FaceResult face(int size, String expression, Double happiness) {
    EvalManifest.Face label = new EvalManifest.Face(new int[] {0, 0, size, size}, expression, true);
    return new EvalReport.FaceResult(size, label,
        happiness == null ? null : new FaceScore(new FaceBox(0, 0, size, size), happiness, 0.9));
  }

  private static EvalReport report(List<EvalReport.FaceResult> faces, int falseOnEmpty) {
    List<FaceScore> falseBoxes = new ArrayList<>();
    for (int i = 0; i < falseOnEmpty; i++) {
      falseBoxes.add(new FaceScore(new FaceBox(0, 0, 50, 50), 0.5, 0.7));
    }
    return new EvalReport(List.of(
        new EvalReport.ImageResult("a", 1920, 1280, faces, List.of(), 40),
        new EvalReport.ImageResult("empty", 2560, 1440, List.of(), falseBoxes, 90)), List.of());
  }

  @Test
  void recall_countsFoundFacesPerSizeBucket() {
    EvalReport r = report(List.of(face(30, "other", null), face(50, "other", 0.2), face(60, "other", null),
        face(200, "other", 0.9)), 0);
    assertThat(r.recall(0, 40)).isEqualTo(0.0);
    assertThat(r.recall(40, 80)).isEqualTo(0.5);
    assertThat(r.recall(160, Integer.MAX_VALUE)).isEqualTo(1.0);
    assertThat(r.recall(80, 160)).isNaN();
  }

  @Test
  void auc_isOneWhenEverySmileScoresAboveEveryNeutralFace_andAHalfForTies() {
    EvalReport separated = report(List.of(face(100, "smiling", 0.7), face(100, "smiling", 0.9),
        face(100, "neutral", 0.1), face(100, "neutral", 0.6)), 0);
    assertThat(separated.auc()).isEqualTo(1.0);
    EvalReport tied = report(List.of(face(100, "smiling", 0.5), face(100, "neutral", 0.5)), 0);
    assertThat(tied.auc()).isEqualTo(0.5);
    // 0.6 neutral beats the 0.55 smile: one of four pairs is wrong.
    EvalReport oneWrong = report(List.of(face(100, "smiling", 0.55), face(100, "smiling", 0.9),
        face(100, "neutral", 0.1), face(100, "neutral", 0.6)), 0);
    assertThat(oneWrong.auc()).isEqualTo(0.75);
  }

  @Test
  void falseBoxes_onPhotosWithoutFaces_areCountedApart() {
    EvalReport r = report(List.of(face(100, "other", 0.3)), 2);
    assertThat(r.falseBoxesOnNonFacePhotos()).isEqualTo(2);
    assertThat(r.precision()).isEqualTo(1.0);
  }
}
