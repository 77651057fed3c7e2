package io.duraflow.faces;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: writes the exact model inputs this implementation builds for each photo, with the outputs
 * TF Java computes from them, so that {@code scripts/reference/check.mjs} can run the same tensors through
 * TensorFlow.js and compare. See docs/faces.md, "Reference cross-check".
 *
 * <pre>java -cp ... io.duraflow.faces.ReferenceDump OUT_DIR PHOTO...</pre>
 *
 * Per photo it writes {@code NAME.det_in.f32} (1x256x256x3, the whole image padded to a square),
 * {@code NAME.det_out{0..3}.f32} (outputs in {@link BlazeFaceDetector#OUTPUTS} order),
 * {@code NAME.boxes.json} (the Java decoding: x1, y1, x2, y2, score in 256-px input coordinates),
 * {@code NAME.emo_in.f32} (Nx64x64x1, the crops of the faces found) and {@code NAME.emo_out.f32} (Nx7);
 * for the full-range model {@code NAME.full_in.f32} (1x192x192x3, the whole image), {@code NAME.full_out.f32}
 * (its {@code Identity} output, 2304x17) and {@code NAME.full_boxes.json} (decoded as above, 192-px input
 * coordinates).
 */
public final class ReferenceDump {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    FaceModels models = FaceModels.shared();
    FaceOptions options = FaceOptions.defaults();
    BlazeFaceDetector detector = new BlazeFaceDetector(models.detector(), options.minFaceSize());
    FaceAligner aligner = FaceAligner.defaults();
    TfjsGraphModel fullRange = TfjsGraphModel.loadResource("models", FullRangeFaceDetector.MODEL, 0);
    for (int i = 1; i < args.length; i++) {
      Path photo = Path.of(args[i]);
      String name = photo.getFileName().toString().replaceFirst("\\.[^.]+$", "");
      RgbImage image = ImageDecoder.decode(Files.readAllBytes(photo), name);
      ImagePyramid pyramid = new ImagePyramid(image);
      int side = Math.max(image.width(), image.height());
      float[] detIn = BlazeFaceModel.toInput(pyramid.sample(0, 0, side, side, 256, 256, true));
      float[][] detOut = models.detector().run(detIn, new long[] {1, 256, 256, 3}, BlazeFaceDetector.OUTPUTS);
      write(out.resolve(name + ".det_in.f32"), detIn);
      for (int k = 0; k < detOut.length; k++) {
        write(out.resolve(name + ".det_out" + k + ".f32"), detOut[k]);
      }
      Files.writeString(out.resolve(name + ".boxes.json"), boxes(BlazeFaceModel.SHORT_RANGE.decode(detOut)));

      int full = BlazeFaceModel.FULL_RANGE.input();
      float[] fullIn = BlazeFaceModel.toInput(pyramid.sample(0, 0, side, side, full, full, true));
      float[][] fullOut = fullRange.run(fullIn, new long[] {1, full, full, 3}, BlazeFaceModel.FULL_RANGE.outputs());
      write(out.resolve(name + ".full_in.f32"), fullIn);
      write(out.resolve(name + ".full_out.f32"), fullOut[0]);
      Files.writeString(out.resolve(name + ".full_boxes.json"), boxes(BlazeFaceModel.FULL_RANGE.decode(fullOut)));

      List<float[]> crops = new ArrayList<>();
      for (BlazeFaceDetector.Detection d : detector.detect(pyramid)) {
        if (d.score() >= options.minConfidence()) {
          crops.add(aligner.crop(pyramid, aligner.frame(d))); // the aligned crops FaceAnalyzer feeds the model
        }
      }
      float[] emoIn = new float[crops.size() * 64 * 64];
      for (int c = 0; c < crops.size(); c++) {
        System.arraycopy(crops.get(c), 0, emoIn, c * 64 * 64, 64 * 64);
      }
      float[] emoOut = crops.isEmpty() ? new float[0]
          : models.emotion().run(emoIn, new long[] {crops.size(), 64, 64, 1}, "Identity")[0];
      write(out.resolve(name + ".emo_in.f32"), emoIn);
      write(out.resolve(name + ".emo_out.f32"), emoOut);
      System.out.printf("%s: %d detector boxes at level 0, %d full-range boxes, %d face crops%n", name,
          BlazeFaceModel.SHORT_RANGE.decode(detOut).size(), BlazeFaceModel.FULL_RANGE.decode(fullOut).size(),
          crops.size());
    }
  }

  private static String boxes(List<BlazeFaceDetector.Detection> detections) {
    StringBuilder json = new StringBuilder("[");
    for (BlazeFaceDetector.Detection d : detections) {
      json.append(json.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
          "[%.6f,%.6f,%.6f,%.6f,%.8f]", d.x1(), d.y1(), d.x2(), d.y2(), d.score()));
    }
    return json.append("]").toString();
  }

  private static void write(Path path, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    Files.write(path, b.array());
  }
}
