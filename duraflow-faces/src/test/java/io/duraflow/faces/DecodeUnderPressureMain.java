package io.duraflow.faces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of {@link DecodeOutOfMemoryTest}: fills the heap until only {@code args[1]} MiB are left, then
 * runs DetectFace on the image file {@code args[0]} and prints {@code OUTCOME <kind> transient=<bool>}.
 * Uses only API that existed before the decode budget, so the same main shows the old behaviour.
 */
public final class DecodeUnderPressureMain {
  private DecodeUnderPressureMain() {}

  public static void main(String[] args) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of(args[0]));
    int freeMiB = Integer.parseInt(args[1]);
    DetectFaceActivity activity = new DetectFaceActivity(FaceOptions.defaults());
    ImageFormat.sniff(bytes); // load the classes the decode needs before the heap is full
    List<byte[]> ballast = new ArrayList<>();
    try {
      while (true) {
        ballast.add(new byte[256 * 1024]);
      }
    } catch (OutOfMemoryError full) {
      // Give back freeMiB: enough for the small objects of a decode, far too little for a 36-MP raster.
      for (int i = 0; i < freeMiB * 4 && !ballast.isEmpty(); i++) {
        ballast.remove(ballast.size() - 1);
      }
    }
    String outcome;
    try {
      ImageFaces faces = activity.detect(bytes, "pressure.png");
      outcome = "analysed transient=false faces=" + faces.faces().size();
    } catch (FaceImageException e) {
      outcome = e.getClass().getSimpleName() + " transient=" + e.isTransient() + " message=" + e.getMessage();
    } catch (Throwable t) {
      outcome = "escaped " + t.getClass().getName() + " transient=false";
    }
    ballast.clear();
    System.out.println("OUTCOME " + outcome);
  }
}
