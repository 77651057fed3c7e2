package io.duraflow.app;

import io.duraflow.faces.FaceOptions;
import picocli.CommandLine.Option;

/** Which image URLs the face workflow may fetch: shared by every command that runs it. */
final class ImageUrlOptionsMixin {
  @Option(names = "--allow-private-urls",
      description = "Let DetectFace fetch images from loopback and private addresses (cloud-metadata and link-local addresses stay refused).")
  boolean allowPrivateUrls;

  @Option(names = "--allow-file-urls", description = "Let DetectFace read file: URLs on this machine.")
  boolean allowFileUrls;

  FaceOptions faceOptions() {
    return FaceOptions.defaults().withAllowPrivateUrls(allowPrivateUrls).withAllowFileUrls(allowFileUrls);
  }
}
