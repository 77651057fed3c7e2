package io.duraflow.faces;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Debug aid, not a test: draws the detected faces of each argument into OUT_DIR/<name>.png. */
public final class AnnotateMain {
  public static void main(String[] args) throws Exception {
    Path outDir = Path.of(System.getProperty("out", "/tmp/faces-annotated"));
    Files.createDirectories(outDir);
    int minFaceSize = Integer.getInteger("minFaceSize", FaceOptions.defaults().minFaceSize());
    FaceAnalyzer analyzer = FaceAnalyzer.of(FaceOptions.builder().minFaceSize(minFaceSize).build());
    for (String a : args) {
      RgbImage img = ImageDecoder.decode(Files.readAllBytes(Path.of(a)), a);
      FaceAnalyzer.Analysis r = analyzer.analyze(img);
      r = analyzer.analyze(img);
      System.out.printf("%s %dx%d faces=%d model=%dms%n", a, img.width(), img.height(), r.faces().size(), r.modelTime().toMillis());
      BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
      bi.setRGB(0, 0, img.width(), img.height(), img.rgb(), 0, img.width());
      Graphics2D g = bi.createGraphics();
      g.setStroke(new BasicStroke(4));
      g.setFont(g.getFont().deriveFont(28f));
      for (FaceScore f : r.faces()) {
        System.out.println("  " + f);
        g.setColor(Color.getHSBColor((float) (f.happiness() / 3), 1f, 1f));
        g.drawRect(f.box().x(), f.box().y(), f.box().w(), f.box().h());
        g.drawString(String.format("%.2f", f.happiness()), f.box().x(), f.box().y() - 4);
      }
      g.dispose();
      int tw = 960;
      BufferedImage small = new BufferedImage(tw, img.height() * tw / img.width(), BufferedImage.TYPE_INT_RGB);
      Graphics2D sg = small.createGraphics();
      sg.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      sg.drawImage(bi, 0, 0, small.getWidth(), small.getHeight(), null);
      sg.dispose();
      ImageIO.write(small, "png", new File(outDir.toFile(), new File(a).getName() + ".png"));
    }
  }
}
