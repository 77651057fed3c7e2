package io.duraflow.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceMatchingTest {
  @Test
  void eachFace_takesTheDetectionOverlappingItMost_once() {
    List<int[]> faces = List.of(new int[] {100, 100, 50, 60}, new int[] {300, 100, 50, 60});
    // Detection 0 sits on face 0 shifted a little; detection 1 is face 0 again (a duplicate); 2 is on face 1.
    List<int[]> boxes = List.of(new int[] {105, 108, 52, 52}, new int[] {95, 90, 70, 70}, new int[] {298, 104, 55, 55});
    FaceMatching.Result r = FaceMatching.match(faces, List.of(), boxes);
    assertThat(r.matchOf()).containsExactly(0, 2);
    assertThat(r.falseBoxes()).containsExactly(1);
  }

  @Test
  void aBoxOnANeighboursFace_orOnNothing_isFalse_andTheFaceMissed() {
    List<int[]> faces = List.of(new int[] {100, 100, 50, 50});
    List<int[]> boxes = List.of(new int[] {160, 100, 50, 50});
    FaceMatching.Result r = FaceMatching.match(faces, List.of(), boxes);
    assertThat(r.matchOf()).containsExactly(-1);
    assertThat(r.falseBoxes()).containsExactly(0);
  }

  @Test
  void boxesInIgnoredRegions_countNeitherWay() {
    List<int[]> ignore = List.of(new int[] {0, 0, 30, 30});
    List<int[]> boxes = List.of(new int[] {5, 5, 10, 10}, new int[] {500, 500, 20, 20});
    FaceMatching.Result r = FaceMatching.match(List.of(), ignore, boxes);
    assertThat(r.falseBoxes()).containsExactly(1);
  }

  @Test
  void iou_ofIdenticalBoxes_isOne_ofDisjointZero_ofHalfShiftedAThird() {
    assertThat(FaceMatching.iou(new int[] {0, 0, 10, 10}, new int[] {0, 0, 10, 10})).isEqualTo(1.0);
    assertThat(FaceMatching.iou(new int[] {0, 0, 10, 10}, new int[] {20, 0, 10, 10})).isEqualTo(0.0);
    // Overlap 5x10 = 50 over a union of 150.
    assertThat(FaceMatching.iou(new int[] {0, 0, 10, 10}, new int[] {5, 0, 10, 10})).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
  }
}
