package io.duraflow.faces;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A decoded, upright image and the size of the image it came from: {@code image} is smaller than
 * {@code width x height} when the decoder subsampled a large image. Holds the image's share of the
 * {@link DecodeBudget} until closed, so close it when the analysis is done.
 *
 * @param image the upright pixels that are analysed
 * @param width the upright width of the source image
 * @param height the upright height of the source image
 */
public record DecodedImage(RgbImage image, int width, int height, DecodeBudget.Lease lease) implements AutoCloseable {

  public DecodedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(lease, "lease");
  }

  /** True when {@link #image} has fewer pixels than the source. */
  public boolean subsampled() {
    return image.width() != width || image.height() != height;
  }

  /** {@code faces}, found in {@link #image}, with their boxes in pixels of the source image. */
  public List<FaceScore> toSourcePixels(List<FaceScore> faces) {
    if (!subsampled()) {
      return faces;
    }
    double sx = (double) width / image.width();
    double sy = (double) height / image.height();
    List<FaceScore> out = new ArrayList<>(faces.size());
    for (FaceScore f : faces) {
      FaceBox b = f.box();
      int x1 = scale(b.x(), sx, width);
      int y1 = scale(b.y(), sy, height);
      int x2 = scale(b.x() + b.w(), sx, width);
      int y2 = scale(b.y() + b.h(), sy, height);
      out.add(f.withBox(new FaceBox(x1, y1, x2 - x1, y2 - y1)));
    }
    return List.copyOf(out);
  }

  private static int scale(int v, double factor, int size) {
    return (int) Math.min(size, Math.round(v * factor));
  }

  /** Gives the image's budget back; the image itself must not be used afterwards. */
  @Override
  public void close() {
    lease.close();
  }
}
