package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running out of memory while decoding says nothing about the image: it must fail transiently (retried by
 * the orchestration), never as the permanent {@code not_an_image} it used to become under load.
 */
class DecodeOutOfMemoryTest {

  @Test
  void detect_heapRunsOutDuringDecode_failsTransientlyNotAsNotAnImage(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("flat-36mp.png");
    Files.write(png, LargeImages.flatPng(6000, 6000, 0x808080));
    // A real OutOfMemoryError in a child JVM whose heap is full but for 16 MiB: PNGImageReader wraps it in
    // an IIOException, which the old decoder read as "cannot decode PNG".
    ForkedJvm.Result result = ForkedJvm.run("256m", DecodeUnderPressureMain.class, Duration.ofMinutes(2),
        png.toString(), "16");
    List<String> outcome = result.tagged("OUTCOME ");
    assertThat(outcome).as(result.output()).hasSize(1);
    assertThat(outcome.get(0)).startsWith("Unavailable transient=true").contains("not enough memory")
        .doesNotContain("Exception").doesNotContain("java.");
  }

  @Test
  void ranOutOfMemory_seesThroughTheReadersWrapping() {
    assertThat(ImageDecoder.ranOutOfMemory(new IIOException("Caught exception during read: ",
        new OutOfMemoryError("Java heap space")))).isTrue();
    assertThat(ImageDecoder.ranOutOfMemory(new OutOfMemoryError())).isTrue();
    assertThat(ImageDecoder.ranOutOfMemory(new IIOException("Error reading PNG image data"))).isFalse();
  }
}
