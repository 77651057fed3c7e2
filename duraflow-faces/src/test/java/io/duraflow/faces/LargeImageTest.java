package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Large images are decoded subsampled within bounded memory; bombs are refused before any pixel is decoded. */
class LargeImageTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void detect_48MegapixelCameraJpegOver20MiB_isFetchedSubsampledAndFindsTheFacesInSourcePixels() throws Exception {
    // sample3 (1920x1350, three faces) enlarged 4x on an 8000x6000 canvas, with the grain of a camera
    // sensor: at quality 0.92 that is as large as a real 48-MP phone JPEG. The 20 MiB body cap this
    // once had refused it as "image larger than 20971520 bytes" before the decoder saw a byte.
    BufferedImage canvas = cameraLike48Megapixels();
    byte[] jpeg = TestImages.jpeg(canvas, 0.92f, false);
    byte[] progressive = TestImages.jpeg(canvas, 0.92f, true);
    canvas = null;
    assertThat(jpeg.length).as("JPEG bytes").isGreaterThan(20 * 1024 * 1024);

    ImageFaces result;
    try (TestHttpServer server = new TestHttpServer()) {
      String url = server.serve("/camera.jpg", "image/jpeg", jpeg);
      result = new DetectFaceActivity(FaceOptions.defaults().withAllowPrivateUrls(true)).detect(url);
    }
    assertThat(result.width()).isEqualTo(8000);
    assertThat(result.height()).isEqualTo(6000);
    List<FaceScore> original = FaceAnalyzerTest.analyze("sample3.jpg").faces();
    assertThat(result.faces()).hasSameSizeAs(original);
    for (FaceScore f : result.faces()) {
      // Boxes are in pixels of the 8000x6000 image: each is a face of the original, 4 times as far out.
      assertThat(original).anySatisfy(o -> {
        assertThat(Math.abs(f.box().x() - 4 * o.box().x())).isLessThan(o.box().w());
        assertThat(Math.abs(f.box().y() - 4 * o.box().y())).isLessThan(o.box().h());
        assertThat(f.box().w()).isBetween(3 * o.box().w(), 5 * o.box().w());
      });
    }

    // A progressive JPEG is subsampled by the same reader (libjpeg shows each scan in turn, so it takes
    // several times as long, but into the same 4000x3000 raster).
    try (DecodedImage decoded = new ImageDecoder(FaceOptions.defaults()).read(progressive, "progressive.jpg")) {
      assertThat(decoded.width()).isEqualTo(8000);
      assertThat(decoded.height()).isEqualTo(6000);
      assertThat(decoded.image().width()).isEqualTo(4000);
      assertThat(decoded.image().height()).isEqualTo(3000);
    }
  }

  /** sample3 enlarged 4x at the top left of a gray 8000x6000 canvas, plus uniform grain of +-22 levels. */
  private static BufferedImage cameraLike48Megapixels() throws Exception {
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(TestImages.photo("sample3.jpg")));
    BufferedImage canvas = new BufferedImage(8000, 6000, BufferedImage.TYPE_INT_RGB);
    var g = canvas.createGraphics();
    g.setColor(java.awt.Color.GRAY);
    g.fillRect(0, 0, 8000, 6000);
    g.drawImage(photo, 0, 0, 1920 * 4, 1350 * 4, null);
    g.dispose();
    int[] px = ((java.awt.image.DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    java.util.SplittableRandom random = new java.util.SplittableRandom(48);
    for (int i = 0; i < px.length; i++) {
      int d = random.nextInt(45) - 22;
      int c = px[i];
      px[i] = clamp((c >> 16 & 0xFF) + d) << 16 | clamp((c >> 8 & 0xFF) + d) << 8 | clamp((c & 0xFF) + d);
    }
    return canvas;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  @Test
  void decode_36MegapixelPngOf105KB_allocatesOnlyTheSubsampledRaster() {
    byte[] png = LargeImages.flatPng(6000, 6000, 0x336699);
    assertThat(png.length).isLessThan(200_000); // the hostile ratio: 36 MP decoded from ~105 KB
    long[] allocated = new long[1];
    RgbImage image = allocatedBy(() -> ImageDecoder.decode(png, "flat.png"), allocated);
    assertThat(image.width()).isEqualTo(3000);
    assertThat(image.height()).isEqualTo(3000);
    // Full resolution cost ~400 MB (108 MB raster, 144 MB converted, 144 MB copied); every 2nd pixel:
    // 27 MB raster and 36 MB of packed pixels.
    assertThat(allocated[0]).isLessThan(120L * 1024 * 1024);
  }

  @Test
  void decode_normalPhoto_isFullResolutionWithTheSamePixelsAsImageIo() throws Exception {
    byte[] jpeg = TestImages.photo("sample3.jpg");
    RgbImage image = ImageDecoder.decode(jpeg, "sample3");
    BufferedImage reference = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(image.width()).isEqualTo(reference.getWidth());
    int[] expected = reference.getRGB(0, 0, reference.getWidth(), reference.getHeight(), null, 0, reference.getWidth());
    for (int i = 0; i < expected.length; i++) {
      if ((expected[i] & 0xFFFFFF) != (image.rgb()[i] & 0xFFFFFF)) {
        throw new AssertionError("pixel " + i + " differs");
      }
    }
  }

  @Test
  void decode_dimensionsOverTheHardLimit_areRefusedBeforeDecoding() {
    byte[][] bombs = {
      LargeImages.truncatedPng(100_000, 100_000), // 10 gigapixels from a few KB
      LargeImages.jpegHeader(60_000, 60_000),
      LargeImages.gifHeader(65_535, 65_535),
    };
    for (byte[] bomb : bombs) {
      long[] allocated = new long[1];
      assertThatThrownBy(() -> allocatedBy(() -> ImageDecoder.decode(bomb, "bomb"), allocated))
          .isInstanceOf(FaceImageException.NotAnImage.class)
          .hasMessageContaining("too large")
          .hasMessageContaining("over the limit of 250.0 megapixels");
      assertThat(allocated[0]).as("bytes allocated to refuse a bomb").isLessThan(16L * 1024 * 1024);
    }
  }

  @Test
  void detect_overTheHardLimit_isAPermanentNotAnImage() {
    FaceOptions strict = FaceOptions.builder().maxImagePixels(1_000_000).build();
    assertThatThrownBy(() -> new DetectFaceActivity(strict).detect(LargeImages.flatPng(1001, 1000, 0), "x.png"))
        .isInstanceOfSatisfying(FaceImageException.NotAnImage.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("1001x1000");
  }

  @Test
  void subsampling_isTheSmallestStepThatFits() {
    assertThat(ImageDecoder.subsampling(4000, 3000, 16_000_000)).isEqualTo(1);
    assertThat(ImageDecoder.subsampling(6000, 6000, 16_000_000)).isEqualTo(2);
    assertThat(ImageDecoder.subsampling(8000, 6000, 16_000_000)).isEqualTo(2);
    assertThat(ImageDecoder.subsampling(16_320, 12_240, 16_000_000)).isEqualTo(4);
    assertThat(ImageDecoder.subsampling(4001, 4000, 16_000_000)).isEqualTo(2);
    assertThat(ImageDecoder.subsampling(100, 1, 1)).isEqualTo(100);
  }

  @Test
  void isLosslessWebp_readsTheImageChunk() {
    assertThat(ImageDecoder.isLosslessWebp(webp("VP8L", 5))).isTrue();
    assertThat(ImageDecoder.isLosslessWebp(webp("VP8 ", 10))).isFalse();
    byte[] extendedLossy = concat(webp("VP8X", 10), chunk("ALPH", 3), chunk("VP8 ", 10));
    assertThat(ImageDecoder.isLosslessWebp(extendedLossy)).isFalse();
    assertThat(ImageDecoder.isLosslessWebp(concat(webp("VP8X", 10), chunk("VP8L", 4)))).isTrue();
    byte[] lying = webp("VP8X", 10);
    lying[16] = (byte) 0xFF; // a chunk size past the end
    lying[19] = (byte) 0x7F;
    assertThat(ImageDecoder.isLosslessWebp(lying)).isTrue();
  }

  private static byte[] webp(String fourcc, int size) {
    return concat("RIFF\0\0\0\0WEBP".getBytes(StandardCharsets.ISO_8859_1), chunk(fourcc, size));
  }

  private static byte[] chunk(String fourcc, int size) {
    byte[] c = new byte[8 + size + (size & 1)];
    System.arraycopy(fourcc.getBytes(StandardCharsets.ISO_8859_1), 0, c, 0, 4);
    c[4] = (byte) size;
    return c;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Runs {@code task}, storing the bytes this thread allocated meanwhile in {@code allocated[0]}. */
  static <T> T allocatedBy(Supplier<T> task, long[] allocated) {
    long id = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(id);
    try {
      return task.get();
    } finally {
      allocated[0] = THREADS.getThreadAllocatedBytes(id) - before;
    }
  }
}
