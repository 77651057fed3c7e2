package io.duraflow.app;

import io.duraflow.faces.FaceOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How faces are looked for: shared by every command that analyses images. */
final class FaceAnalysisOptionsMixin {
  /** The command this mixin is part of, so that a bad value is reported with that command's usage. */
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--min-face-size", paramLabel = "PX", defaultValue = "" + FaceOptions.DEFAULT_MIN_FACE_SIZE,
      description = "Smallest face to find, in image pixels; smaller costs more model time on large images (default: ${DEFAULT-VALUE}).")
  int minFaceSize;

  @Option(names = "--min-confidence", paramLabel = "P", defaultValue = "" + FaceOptions.DEFAULT_MIN_CONFIDENCE,
      description = "Faces the detector scores lower are dropped, 0..1 (default: ${DEFAULT-VALUE}).")
  double minConfidence;

  FaceOptions.Builder apply(FaceOptions.Builder options) {
    if (minFaceSize < 1) {
      throw new ParameterException(command.commandLine(), "--min-face-size must be at least 1 pixel, not " + minFaceSize);
    }
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new ParameterException(command.commandLine(), "--min-confidence must be between 0 and 1, not " + minConfidence);
    }
    return options.minFaceSize(minFaceSize).minConfidence(minConfidence);
  }
}
