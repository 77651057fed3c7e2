package io.duraflow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.FailureDetails;
import io.duraflow.faces.DetectFaceActivity;
import io.duraflow.faces.FaceHappinessResult;
import io.duraflow.faces.FaceImageException;
import io.duraflow.faces.FaceOptions;
import io.duraflow.faces.FaceScore;
import io.duraflow.faces.ImageFaces;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code duraflow faces PHOTO...}: runs DetectFace in-process (no store, no server) on local files or
 * URLs and prints each face's box, happiness and detector confidence, then min/max as the FaceHappiness
 * orchestration would. Exit code 0 when every image was analysed, 2 when at least one failed.
 */
@Command(name = "faces", mixinStandardHelpOptions = true,
    description = "Find faces in images (local files or http/https/data URLs) and score their happiness.")
public final class FacesCommand implements Callable<Integer> {
  private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.+");

  @Parameters(arity = "1..*", paramLabel = "PHOTO", description = "Image files or URLs.")
  List<String> photos = new ArrayList<>();

  @Mixin ImageUrlOptionsMixin imageUrls;

  @Option(names = "--json", description = "Print the result as the FaceHappiness orchestration's JSON output.")
  boolean json;

  public FacesCommand() {}

  @Override
  public Integer call() throws Exception {
    FaceOptions options = imageUrls.faceOptions();
    DetectFaceActivity detector = new DetectFaceActivity(options);
    List<FaceHappinessResult.Image> images = new ArrayList<>();
    boolean failed = false;
    for (String photo : photos) {
      FaceHappinessResult.Image image;
      try {
        image = FaceHappinessResult.Image.of(analyse(detector, photo));
      } catch (FaceImageException e) {
        image = FaceHappinessResult.Image.failed(photo, FailureDetails.of(e));
        failed = true;
      }
      images.add(image);
      if (!json) {
        print(System.out, image);
      }
    }
    FaceHappinessResult result = FaceHappinessResult.of(images);
    if (json) {
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    } else if (result.minVal() != null) {
      System.out.printf(Locale.ROOT, "%d face(s): min happiness %.4f, max %.4f%n", result.faces(), result.minVal(), result.maxVal());
    } else {
      System.out.println(result.reason());
    }
    return failed ? 2 : 0;
  }

  /** A URL goes through the fetcher and its guards; a plain path is a file the user named, read directly. */
  private static ImageFaces analyse(DetectFaceActivity detector, String photo) {
    if (URL.matcher(photo).matches() && !looksLikeWindowsPath(photo)) {
      return detector.detect(photo);
    }
    Path path = Path.of(photo);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new FaceImageException.FetchFailed(photo, "no such file");
    } catch (IOException e) {
      throw new FaceImageException.FetchFailed(photo, "cannot read: " + e.getMessage());
    }
    return detector.detect(bytes, photo);
  }

  private static boolean looksLikeWindowsPath(String s) {
    return s.length() > 2 && Character.isLetter(s.charAt(0)) && s.charAt(1) == ':' && (s.charAt(2) == '\\' || s.charAt(2) == '/');
  }

  private static void print(PrintStream out, FaceHappinessResult.Image image) {
    if (image.error() != null) {
      out.printf("%s: error (%s) %s%n", image.url(), image.error().type(), image.error().message());
      return;
    }
    out.printf("%s: %d face(s)%n", image.url(), image.faces().size());
    int i = 1;
    for (FaceScore f : image.faces()) {
      out.printf(Locale.ROOT, "  #%d  box x=%d y=%d w=%d h=%d  happiness %.4f  confidence %.4f%n", i++,
          f.box().x(), f.box().y(), f.box().w(), f.box().h(), f.happiness(), f.confidence());
    }
  }
}
