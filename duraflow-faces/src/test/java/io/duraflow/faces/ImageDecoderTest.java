package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"png", "gif", "bmp", "jpg", "tiff"})
  void decode_supportedFormat_readsPixels(String format) {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    img.setRGB(5, 5, 0xFF0000);
    RgbImage decoded = ImageDecoder.decode(TestImages.encode(img, format), "test." + format);
    assertThat(decoded.width()).isEqualTo(40);
    assertThat(decoded.height()).isEqualTo(30);
  }

  @Test
  void decode_html_isNotAnImage() {
    byte[] html = "<!doctype html><html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageDecoder.decode(html, "page"))
        .isInstanceOf(FaceImageException.NotAnImage.class)
        .hasMessageContaining("not a JPEG, PNG, GIF, BMP, WebP or TIFF");
  }

  @Test
  void decode_truncatedPng_isNotAnImage() {
    byte[] png = TestImages.encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png");
    byte[] cut = java.util.Arrays.copyOf(png, 20);
    assertThatThrownBy(() -> ImageDecoder.decode(cut, "cut")).isInstanceOf(FaceImageException.NotAnImage.class);
  }

  @Test
  void sniff_recognisesSignaturesNotNames() {
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff("GIF89a".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageFormat.GIF);
    assertThat(ImageFormat.sniff("%PDF-1.7".getBytes(StandardCharsets.ISO_8859_1))).isNull();
    assertThat(ImageFormat.sniff(new byte[0])).isNull();
  }

  @Test
  void reason_keepsTheReadersWordsWithoutJavaTypeNames() {
    assertThat(ImageDecoder.reason(new javax.imageio.IIOException("Unsupported Image Type")))
        .isEqualTo("Unsupported Image Type");
    assertThat(ImageDecoder.reason(new java.io.IOException("java.util.zip.ZipException: invalid distance too far back")))
        .isEqualTo("invalid distance too far back");
    assertThat(ImageDecoder.reason(new javax.imageio.IIOException("Caught exception during read",
        new ArrayIndexOutOfBoundsException("Index 5 out of bounds for length 5"))))
        .isEqualTo("the data is corrupt or truncated");
    assertThat(ImageDecoder.reason(new javax.imageio.IIOException("I/O error reading image metadata!",
        new java.io.EOFException()))).isEqualTo("the data ends too early (a truncated file?)");
  }

  @Test
  void webpReader_isRegistered() {
    assertThat(javax.imageio.ImageIO.getImageReadersByFormatName("webp").hasNext()).isTrue();
  }

  @Test
  void orient_allEightOrientations_keepOrSwapSize() {
    BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFFFFFF); // top-left marker
    int[][] expectedMarker = {{0, 0}, {0, 0}, {3, 0}, {3, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 3}, {0, 3}};
    for (int o = 1; o <= 8; o++) {
      BufferedImage out = ImageDecoder.orient(img, o);
      boolean swap = o >= 5;
      assertThat(out.getWidth()).isEqualTo(swap ? 2 : 4);
      assertThat(out.getRGB(expectedMarker[o][0], expectedMarker[o][1]) & 0xFFFFFF)
          .as("orientation %d", o).isEqualTo(0xFFFFFF);
    }
  }
}
