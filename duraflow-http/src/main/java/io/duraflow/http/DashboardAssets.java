package io.duraflow.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's static files, read once from the jar ({@code io/duraflow/http/dashboard/}) and served
 * with their content type, an ETag and {@code Cache-Control: no-cache} (browsers revalidate and get a 304
 * while the file is unchanged, so an upgrade is seen on the next load), and a Content-Security-Policy that
 * allows only this origin's own scripts and styles: no inline script, no CDN, no framing.
 *
 * <p>The page is at {@code /dashboard/}, its files at {@code /dashboard/assets/{file}}; {@code /}
 * redirects there. Every URL the page builds is relative, so it also works under a proxy's path prefix.
 */
final class DashboardAssets {
  static final String PAGE = "/dashboard";
  static final String ASSETS = PAGE + "/assets/{file}";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final String RESOURCE_DIR = "dashboard/";
  private static final String INDEX = "index.html";
  private static final String[] FILES = {INDEX, "dashboard.css", "api.js", "list.js", "instance.js", "timeline.js",
      "schedules.js", "app.js", "favicon.svg"};

  /** One file: its bytes, content type and strong ETag. */
  private record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  DashboardAssets() {
    for (String file : FILES) {
      assets.put(file, load(file));
    }
  }

  /** {@code GET /}: to the dashboard, relative so that a proxy's prefix is kept. */
  void root(Context ctx) {
    ctx.status(302).header("Location", "dashboard/");
  }

  /** {@code GET /dashboard/}: the page; {@code /dashboard} is redirected to it so relative URLs resolve. */
  void page(Context ctx) {
    if (!ctx.req().getRequestURI().endsWith("/")) {
      ctx.status(302).header("Location", "dashboard/");
      return;
    }
    send(ctx, assets.get(INDEX));
  }

  /** {@code GET /dashboard/assets/{file}}. */
  void asset(Context ctx) {
    Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null || ctx.pathParam("file").equals(INDEX)) {
      throw new RejectedRequestException(ApiProblem.NOT_FOUND, "The dashboard has no file '"
          + PlainText.safePath(ctx.pathParam("file")) + "'.");
    }
    send(ctx, asset);
  }

  private static void send(Context ctx, Asset asset) {
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag());
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType(asset.contentType()).result(asset.bytes());
  }

  private static Asset load(String file) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("The dashboard file " + RESOURCE_DIR + file + " is missing from the classpath");
      }
      byte[] bytes = in.readAllBytes();
      String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
      return new Asset(bytes, contentType(file), etag);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the dashboard file " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (file.endsWith(".svg")) {
      return "image/svg+xml";
    }
    throw new IllegalStateException("No content type for dashboard file " + file);
  }
}
