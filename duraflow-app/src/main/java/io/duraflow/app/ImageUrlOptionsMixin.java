package io.duraflow.app;

import io.duraflow.faces.FaceOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which image URLs the face workflow may fetch, how it decodes them and how it looks for faces: shared by
 * every command that runs it.
 */
final class ImageUrlOptionsMixin {
  @Option(names = "--allow-private-urls",
      description = "Let DetectFace fetch images from loopback and private addresses (cloud-metadata and link-local addresses stay refused).")
  boolean allowPrivateUrls;

  @Option(names = "--allow-file-urls", description = "Let DetectFace read file: URLs on this machine.")
  boolean allowFileUrls;

  @Option(names = "--decode-budget-mb", paramLabel = "MB", defaultValue = "0",
      description = "Heap that images being decoded may use together; more wait their turn (default: half the maximum heap).")
  long decodeBudgetMb;

  @Option(names = "--max-decoded-pixels", paramLabel = "N", defaultValue = "" + FaceOptions.DEFAULT_MAX_DECODED_PIXELS,
      description = "Larger images are decoded subsampled to at most this many pixels (default: ${DEFAULT-VALUE}).")
  long maxDecodedPixels;

  @Option(names = "--max-image-pixels", paramLabel = "N", defaultValue = "" + FaceOptions.DEFAULT_MAX_IMAGE_PIXELS,
      description = "Images declaring more pixels are refused as not_an_image without decoding (default: ${DEFAULT-VALUE}).")
  long maxImagePixels;

  @Mixin FaceAnalysisOptionsMixin analysis;

  FaceOptions faceOptions() {
    return analysis.apply(FaceOptions.defaults().toBuilder()).allowPrivateUrls(allowPrivateUrls).allowFileUrls(allowFileUrls)
        .decodeBudgetBytes(decodeBudgetMb * 1024 * 1024).maxDecodedPixels(maxDecodedPixels)
        .maxImagePixels(maxImagePixels).build();
  }
}
