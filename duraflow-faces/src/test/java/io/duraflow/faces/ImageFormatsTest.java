package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which formats are read (TIFF among them), and how the ones that are not are refused: by name. */
class ImageFormatsTest {
  private static final String SUPPORTED = "(supported: JPEG, PNG, GIF, BMP, WebP, TIFF)";
  private final DetectFaceActivity detect = new DetectFaceActivity(FaceOptions.defaults());

  @ParameterizedTest
  @CsvSource({"marker.heic, HEIC images", "marker.avif, AVIF images"})
  void detect_realHeicOrAvif_isRefusedNamingTheFormat(String file, String what) {
    assertThatThrownBy(() -> detect.detect(Markers.fixture(file), file))
        .isInstanceOfSatisfying(FaceImageException.NotAnImage.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessage(what + " are not supported " + SUPPORTED + " [" + file + "]");
  }

  @Test
  void unsupportedFormats_areRecognisedFromTheirBytes() {
    assertThat(UnsupportedFormat.of(ftyp("heic", "mif1", "heic"))).isEqualTo("HEIC images");
    for (String brand : List.of("heix", "hevc", "heim", "heis", "hevm", "hevs")) {
      assertThat(UnsupportedFormat.of(ftyp(brand))).as(brand).isEqualTo("HEIC images");
    }
    assertThat(UnsupportedFormat.of(ftyp("mif1", "heic"))).isEqualTo("HEIC images");
    assertThat(UnsupportedFormat.of(ftyp("mif1"))).isEqualTo("HEIF images");
    assertThat(UnsupportedFormat.of(ftyp("msf1"))).isEqualTo("HEIF images");
    // AVIF lists mif1 too; its own brand decides, major or compatible.
    assertThat(UnsupportedFormat.of(ftyp("mif1", "avif", "miaf"))).isEqualTo("AVIF images");
    assertThat(UnsupportedFormat.of(ftyp("avis", "msf1"))).isEqualTo("AVIF images");
    assertThat(UnsupportedFormat.of(ftyp("isom", "mp41"))).isNull(); // a video: not guessed at
    assertThat(UnsupportedFormat.of(bytes(0xFF, 0x0A, 0xFA, 0x7F))).isEqualTo("JPEG XL images");
    assertThat(UnsupportedFormat.of(bytes(0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, 0x87, 0x0A)))
        .isEqualTo("JPEG XL images");
    assertThat(UnsupportedFormat.of(bytes(0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A)))
        .isEqualTo("JPEG 2000 images");
    assertThat(UnsupportedFormat.of(text("%PDF-1.7\n"))).isEqualTo("PDF documents");
    assertThat(UnsupportedFormat.of(bytes('I', 'I', 43, 0, 8, 0, 0, 0))).isEqualTo("BigTIFF images");
    assertThat(UnsupportedFormat.of(bytes('M', 'M', 0, 43, 0, 8, 0, 0))).isEqualTo("BigTIFF images");
    assertThat(UnsupportedFormat.of(text("8BPS\0\1"))).isEqualTo("Photoshop (PSD) files");
    byte[] ico = new byte[40];
    ico[2] = 1;
    ico[4] = 1; // one image
    ico[6] = 16; // 16x16
    ico[7] = 16;
    assertThat(UnsupportedFormat.of(ico)).isEqualTo("ICO icons");
  }

  @Test
  void svg_isRecognisedButAnHtmlPageIsNot() {
    assertThat(UnsupportedFormat.of(text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))).isEqualTo("SVG drawings");
    assertThat(UnsupportedFormat.of(text("\uFEFF  \n<?xml version=\"1.0\"?>\n<!-- made by hand -->\n"
        + "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg width=\"10\"/>"))).isEqualTo("SVG drawings");
    assertThat(UnsupportedFormat.of(text("<?xml version=\"1.0\"?><html><body><svg/></body></html>"))).isNull();
    assertThat(UnsupportedFormat.of(text("<!doctype html><html><svg/></html>"))).isNull();
    assertThatThrownBy(() -> detect.detect(text("<svg/>"), "logo.svg"))
        .isInstanceOf(FaceImageException.NotAnImage.class)
        .hasMessageStartingWith("SVG drawings are not supported " + SUPPORTED);
  }

  @Test
  void detect_unknownBytes_listsTheSupportedFormats() {
    assertThatThrownBy(() -> detect.detect(text("hello"), "x"))
        .isInstanceOf(FaceImageException.NotAnImage.class)
        .hasMessageStartingWith("content is not a JPEG, PNG, GIF, BMP, WebP or TIFF image (5 bytes starting 68656c6c6f)");
  }

  @Test
  void tiffReader_isTwelveMonkeys() {
    assertThat(ImageIO.getImageReadersByFormatName("tiff").next().getClass().getName()).startsWith("com.twelvemonkeys");
  }

  @Test
  void tiff_commonCompressions_areRead() throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    List<String> read = new ArrayList<>();
    // The CCITT compressions are for bilevel images only.
    for (String compression : List.of("None", "LZW", "PackBits", "Deflate", "JPEG")) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType(compression);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(Markers.image(), null, null), param);
      }
      byte[] tiff = out.toByteArray();
      assertThat(ImageFormat.sniff(tiff)).isEqualTo(ImageFormat.TIFF);
      Markers.assertUpright(ImageDecoder.decode(tiff, compression + ".tif"), 1, compression.equals("JPEG") ? 40 : 0);
      read.add(compression);
    }
    writer.dispose();
    assertThat(read).hasSize(5);
  }

  @Test
  void detect_truncatedTiff_saysSoInWords() {
    byte[] tiff = LargeImages.tiff(Markers.WIDTH, Markers.HEIGHT, LargeImages.rowsOf(Markers.image()), false, 0, true);
    // Cut inside the header, and inside the directory (the reader then trips over an index).
    assertThatThrownBy(() -> detect.detect(java.util.Arrays.copyOf(tiff, 6), "cut.tif"))
        .isInstanceOf(FaceImageException.NotAnImage.class)
        .hasMessage("cannot decode TIFF image: the data ends too early (a truncated file?) [cut.tif]");
    assertThatThrownBy(() -> detect.detect(java.util.Arrays.copyOf(tiff, 100), "cut.tif"))
        .isInstanceOf(FaceImageException.NotAnImage.class)
        .hasMessage("cannot decode TIFF image: the data is corrupt or truncated [cut.tif]");
  }

  @Test
  void tiff_bothByteOrders_areRead() {
    for (boolean little : new boolean[] {true, false}) {
      byte[] tiff = LargeImages.tiff(Markers.WIDTH, Markers.HEIGHT, LargeImages.rowsOf(Markers.image()), false, 0, little);
      Markers.assertUpright(ImageDecoder.decode(tiff, "plain.tif"), 1, 0);
    }
  }

  @Test
  void decode_36MegapixelTiff_allocatesOnlyTheSubsampledRaster() {
    byte[] tiff = LargeImages.tiff(6000, 6000, (y, row) -> java.util.Arrays.fill(row, (byte) 0x66), true, 6, true);
    long[] allocated = new long[1];
    RgbImage image = LargeImageTest.allocatedBy(() -> ImageDecoder.decode(tiff, "flat.tif"), allocated);
    assertThat(image.width()).isEqualTo(3000);
    assertThat(image.height()).isEqualTo(3000);
    // At full resolution the raster alone is 108 MB; every 2nd pixel: 27 MB raster, 36 MB packed.
    assertThat(allocated[0]).isLessThan(120L * 1024 * 1024);
  }

  /** An ISO BMFF file type box with {@code major} and the compatible brands. */
  private static byte[] ftyp(String major, String... compatible) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int size = 16 + 4 * compatible.length;
    out.writeBytes(new byte[] {0, 0, 0, (byte) size});
    out.writeBytes(("ftyp" + major + "\0\0\0\0" + String.join("", compatible)).getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(new byte[64]); // the boxes that follow
    return out.toByteArray();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
