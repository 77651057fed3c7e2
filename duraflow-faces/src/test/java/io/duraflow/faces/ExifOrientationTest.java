package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every format that can carry an EXIF orientation is shown upright, for all eight values: real files of
 * each format (the marker image) with the orientation where that format keeps it, decoded by ImageDecoder.
 */
class ExifOrientationTest {
  private static final int LOSSLESS = 0;
  /** Per channel, at the centre of a 16x16 block: lossy JPEG and VP8 stay well within it. */
  private static final int LOSSY = 40;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void jpeg_app1Orientation_isApplied(int o) {
    byte[] jpeg = TestImages.withExifOrientation(TestImages.encode(Markers.image(), "jpg"), o);
    Markers.assertUpright(ImageDecoder.decode(jpeg, "marker.jpg"), o, LOSSY);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void png_eXIfChunk_isApplied(int o) {
    byte[] png = Markers.pngWithChunk(TestImages.encode(Markers.image(), "png"), "eXIf", Markers.exifTiff(o, o % 2 == 0));
    assertThat(ExifOrientation.of(png)).isEqualTo(o);
    Markers.assertUpright(ImageDecoder.decode(png, "marker.png"), o, LOSSLESS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void png_legacyRawProfileText_isApplied(int o) {
    byte[] exif = concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), Markers.exifTiff(o, false));
    byte[] plain = TestImages.encode(Markers.image(), "png");
    byte[] zTxt = Markers.pngWithChunk(plain, "zTXt", Markers.rawProfileChunk(exif, true));
    byte[] tEXt = Markers.pngWithChunk(plain, "tEXt", Markers.rawProfileChunk(exif, false));
    Markers.assertUpright(ImageDecoder.decode(zTxt, "ztxt.png"), o, LOSSLESS);
    Markers.assertUpright(ImageDecoder.decode(tEXt, "text.png"), o, LOSSLESS);
  }

  @Test
  void png_eXIfChunk_winsOverALegacyProfile() {
    byte[] plain = TestImages.encode(Markers.image(), "png");
    byte[] legacy = Markers.pngWithChunk(plain, "tEXt", Markers.rawProfileChunk(Markers.exifTiff(3, false), false));
    byte[] both = Markers.pngWithChunk(legacy, "eXIf", Markers.exifTiff(6, true));
    assertThat(ExifOrientation.of(legacy)).isEqualTo(3);
    assertThat(ExifOrientation.of(both)).isEqualTo(6);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void webp_extendedFormatExifChunk_isAppliedToLosslessAndLossy(int o) {
    byte[] lossless = Markers.webpWithExif(Markers.fixture("marker-lossless.webp"), Markers.WIDTH, Markers.HEIGHT,
        Markers.exifTiff(o, true));
    byte[] lossy = Markers.webpWithExif(Markers.fixture("marker-lossy.webp"), Markers.WIDTH, Markers.HEIGHT,
        Markers.exifTiff(o, false));
    Markers.assertUpright(ImageDecoder.decode(lossless, "lossless.webp"), o, LOSSLESS);
    Markers.assertUpright(ImageDecoder.decode(lossy, "lossy.webp"), o, LOSSY);
  }

  @Test
  void webp_exifChunkWithJpegsExifPrefix_isReadToo() {
    byte[] prefixed = concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), Markers.exifTiff(8, true));
    byte[] webp = Markers.webpWithExif(Markers.fixture("marker-lossless.webp"), Markers.WIDTH, Markers.HEIGHT, prefixed);
    Markers.assertUpright(ImageDecoder.decode(webp, "prefixed.webp"), 8, LOSSLESS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void tiff_orientationTag_isApplied(int o) {
    byte[] tiff = LargeImages.tiff(Markers.WIDTH, Markers.HEIGHT, LargeImages.rowsOf(Markers.image()), o % 2 == 0, o,
        o % 3 == 0);
    assertThat(ExifOrientation.of(tiff)).isEqualTo(o);
    Markers.assertUpright(ImageDecoder.decode(tiff, "marker.tif"), o, LOSSLESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"marker-exif6-imagemagick.webp", "marker-exif6-imagemagick.png"})
  void filesAnEncoderWroteWithOrientation6_areTurnedUpright(String file) {
    byte[] bytes = Markers.fixture(file);
    assertThat(ExifOrientation.of(bytes)).isEqualTo(6);
    Markers.assertUpright(ImageDecoder.decode(bytes, file), 6, LOSSY); // made from a JPEG: lossy pixels
  }

  @Test
  void brokenOrMissingExif_isUpright() {
    byte[] png = TestImages.encode(Markers.image(), "png");
    assertThat(ExifOrientation.of(png)).isEqualTo(1);
    byte[] tiff = Markers.exifTiff(6, true);
    assertThat(ExifOrientation.of(Markers.pngWithChunk(png, "eXIf", Arrays.copyOf(tiff, 12)))).isEqualTo(1);
    tiff[4] = (byte) 0xF0; // IFD offset past the end
    assertThat(ExifOrientation.of(Markers.pngWithChunk(png, "eXIf", tiff))).isEqualTo(1);
    byte[] nine = Markers.exifTiff(9, false); // not an orientation
    assertThat(ExifOrientation.of(Markers.pngWithChunk(png, "eXIf", nine))).isEqualTo(1);
    byte[] webp = Markers.webpWithExif(Markers.fixture("marker-lossy.webp"), Markers.WIDTH, Markers.HEIGHT, new byte[3]);
    assertThat(ExifOrientation.of(webp)).isEqualTo(1);
    assertThat(ImageDecoder.decode(webp, "junk-exif.webp").width()).isEqualTo(Markers.WIDTH);
  }

  @Test
  void exifOrientation_realPhotoWithoutTag_isUpright() {
    assertThat(ExifOrientation.of(TestImages.photo("sample1.jpg"))).isEqualTo(1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
