package io.duraflow.faces.eval;

import io.duraflow.faces.FaceAnalyzer;
import io.duraflow.faces.FaceScore;
import io.duraflow.faces.ImageDecoder;
import io.duraflow.faces.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the face analysis over the labelled evaluation set and scores it against the labels: every photo
 * as it is, and every photo with faces shrunk into large canvases ({@link SmallFaceCanvas}).
 *
 * <p>Used by {@code duraflow faces-eval} and by the regression tests; thresholds of the analysis are chosen
 * on this set, never on the unit-test photos.
 */
public final class FaceEvaluation {
  private final FaceAnalyzer analyzer;
  private final boolean canvases;

  /**
   * @param canvases also run the shrunk-into-canvas composites (three per photo with faces)
   */
  public FaceEvaluation(FaceAnalyzer analyzer, boolean canvases) {
    this.analyzer = analyzer;
    this.canvases = canvases;
  }

  /**
   * Evaluates every image of {@code manifest} found under {@code imagesDir}.
   *
   * @throws NoSuchFileException when an image file is missing (the build extracts them: see the message)
   */
  public EvalReport run(EvalManifest manifest, Path imagesDir) throws IOException {
    List<EvalReport.ImageResult> photos = new ArrayList<>();
    List<EvalReport.ImageResult> composites = new ArrayList<>();
    for (EvalManifest.Image label : manifest.images()) {
      Path file = label.path(imagesDir);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null,
            "evaluation photo missing");
      }
      RgbImage image = ImageDecoder.decode(Files.readAllBytes(file), label.id());
      List<int[]> faces = new ArrayList<>();
      label.faces().forEach(f -> faces.add(f.box()));
      photos.add(score(label.id(), image, faces, label.ignore(), label.faces()));
      if (canvases && !label.faces().isEmpty()) {
        java.awt.image.BufferedImage buffered = image.toBufferedImage();
        for (int[] size : SmallFaceCanvas.CANVASES) {
          SmallFaceCanvas.Composite c = SmallFaceCanvas.of(label, buffered, size[0], size[1]);
          composites.add(score(c.id(), c.image(), c.faces(), c.ignore(), label.faces()));
        }
      }
    }
    return new EvalReport(photos, composites);
  }

  private EvalReport.ImageResult score(String id, RgbImage image, List<int[]> faces, List<int[]> ignore,
      List<EvalManifest.Face> labels) {
    FaceAnalyzer.Analysis analysis = analyzer.analyze(image);
    List<int[]> boxes = new ArrayList<>();
    for (FaceScore f : analysis.faces()) {
      boxes.add(new int[] {f.box().x(), f.box().y(), f.box().w(), f.box().h()});
    }
    FaceMatching.Result m = FaceMatching.match(faces, ignore, boxes);
    List<EvalReport.FaceResult> results = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      int d = m.matchOf()[i];
      int[] box = faces.get(i);
      results.add(new EvalReport.FaceResult(Math.max(box[2], box[3]), labels.get(i),
          d < 0 ? null : analysis.faces().get(d)));
    }
    List<FaceScore> falseBoxes = new ArrayList<>();
    for (int d : m.falseBoxes()) {
      falseBoxes.add(analysis.faces().get(d));
    }
    return new EvalReport.ImageResult(id, image.width(), image.height(), results, falseBoxes,
        analysis.modelTime().toNanos() / 1e6);
  }
}
