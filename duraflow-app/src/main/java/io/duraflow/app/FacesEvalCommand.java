package io.duraflow.app;

import io.duraflow.faces.FaceAnalyzer;
import io.duraflow.faces.FaceOptions;
import io.duraflow.faces.eval.EvalManifest;
import io.duraflow.faces.eval.EvalReport;
import io.duraflow.faces.eval.FaceEvaluation;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code duraflow faces-eval}: scores the face analysis on the labelled evaluation set (photos from Debian
 * and npm packages that the build extracts; docs/faces.md, "Evaluation").
 */
@Command(name = "faces-eval", mixinStandardHelpOptions = true,
    description = {"Score face detection and happiness on the labelled evaluation set: recall by face size,"
        + " false boxes, small faces in large canvases, smiling-vs-neutral separation and model time."})
public final class FacesEvalCommand implements Callable<Integer> {
  @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "duraflow-faces/eval/manifest.json",
      description = "The set's manifest (default: ${DEFAULT-VALUE}).")
  Path manifest;

  @Option(names = "--images", paramLabel = "DIR", defaultValue = "duraflow-faces/target/eval",
      description = "Where the build extracted the set's images (default: ${DEFAULT-VALUE}).")
  Path images;

  @Option(names = "--no-canvases", description = "Skip the photos shrunk into large canvases (faster).")
  boolean noCanvases;

  @Option(names = "--details", description = "Also list every missed face, false box and score on the wrong side.")
  boolean details;

  @Option(names = "--fit-calibration",
      description = "Also fit the happiness calibration (Platt scaling) to the set's clearly smiling and neutral faces and print it.")
  boolean fitCalibration;

  @Mixin FaceAnalysisOptionsMixin analysis;

  public FacesEvalCommand() {}

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(manifest)) {
      System.err.println("no manifest at " + manifest + ": run from the repository root or pass --manifest");
      return 2;
    }
    FaceOptions options = analysis.apply(FaceOptions.defaults().toBuilder()).build();
    EvalReport report;
    try {
      report = new FaceEvaluation(FaceAnalyzer.of(options), !noCanvases).run(EvalManifest.load(manifest), images);
    } catch (NoSuchFileException e) {
      System.err.println(e.getFile() + ": " + e.getReason());
      System.err.println("the photos are extracted by a test build: mvn -q -pl duraflow-faces -am test-compile"
          + " (about 270 MB from the package registries the first time)");
      return 2;
    }
    System.out.printf(java.util.Locale.ROOT, "minimum face size %d px, minimum confidence %.2f%n", options.minFaceSize(),
        options.minConfidence());
    report.print(System.out, details);
    if (fitCalibration) {
      io.duraflow.faces.HappinessCalibration c = report.fitCalibration();
      System.out.printf(java.util.Locale.ROOT, "calibration fitted on %d smiling and %d neutral faces: a = %.4f, b = %.4f%n",
          report.rawHappiness(true).length, report.rawHappiness(false).length, c.a(), c.b());
    }
    return 0;
  }
}
