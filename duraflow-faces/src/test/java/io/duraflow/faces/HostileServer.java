package io.duraflow.faces;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile image server on 127.0.0.1 only: slow, endless and lying bodies, redirects anywhere, bombs and
 * mislabelled files. Every handler stops by itself within {@link #MAX_HANDLER_SECONDS}, and {@code /canary}
 * counts the requests that reached it, so a test can prove a refused URL never connected.
 */
final class HostileServer implements AutoCloseable {
  static final int MAX_HANDLER_SECONDS = 20;
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closing = new CountDownLatch(1);
  final AtomicInteger canaryHits = new AtomicInteger();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  HostileServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hostile-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/canary", ex -> {
      canaryHits.incrementAndGet();
      send(ex, 200, "image/png", TestImages.encode(TestImages.landscape(), "png"));
    });
    server.createContext("/file/", ex -> {
      byte[] body = files.get(ex.getRequestURI().getPath().substring("/file/".length()));
      String type = ex.getRequestURI().getQuery() == null ? "image/png" : ex.getRequestURI().getQuery();
      if (body == null) {
        send(ex, 404, "text/plain", "no".getBytes(StandardCharsets.UTF_8));
      } else {
        send(ex, 200, type, body);
      }
    });
    // /redirect?<url-encoded Location>
    server.createContext("/redirect", ex -> {
      ex.getResponseHeaders().add("Location", URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/ping", ex -> redirect(ex, "/pong"));
    server.createContext("/pong", ex -> redirect(ex, "/ping"));
    server.createContext("/chain/", ex -> {
      int n = Integer.parseInt(ex.getRequestURI().getPath().substring("/chain/".length()));
      redirect(ex, "/chain/" + (n + 1));
    });
    server.createContext("/trickle", ex -> {
      // Promises a megabyte, sends a byte every 50 ms.
      ex.getResponseHeaders().add("Content-Type", "image/jpeg");
      ex.sendResponseHeaders(200, 1_000_000);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8});
        out.flush();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_HANDLER_SECONDS);
        while (System.nanoTime() < end && !closing.await(50, TimeUnit.MILLISECONDS)) {
          out.write(0);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the client gave up: expected
      }
    });
    server.createContext("/endless", ex -> {
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 0); // chunked, no length
      byte[] block = new byte[64 * 1024];
      try (OutputStream out = ex.getResponseBody()) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_HANDLER_SECONDS);
        for (int i = 0; i < 8 * 1024 && System.nanoTime() < end && closing.getCount() > 0; i++) { // at most 512 MiB
          out.write(block);
        }
      } catch (IOException e) {
        // the client hung up over the cap: expected
      }
    });
    server.createContext("/silent", ex -> {
      try {
        closing.await(MAX_HANDLER_SECONDS, TimeUnit.SECONDS); // never answers in time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    server.createContext("/lying-length", ex -> {
      ex.sendResponseHeaders(200, 10_000_000_000L);
      ex.close();
    });
    server.createContext("/short-body", ex -> {
      ex.sendResponseHeaders(200, 1000);
      try {
        OutputStream out = ex.getResponseBody();
        out.write(Arrays.copyOf(TestImages.photo("sample3.jpg"), 100));
        out.flush();
        ex.close(); // 900 bytes short: the server drops the connection
      } catch (IOException e) {
        // "insufficient bytes written": expected
      }
    });
    server.start();
  }

  /** Serves {@code body} at {@link #file}{@code (name)}. */
  HostileServer put(String name, byte[] body) {
    files.put(name, body);
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The URL of file {@code name}, served with Content-Type {@code type}. */
  String file(String name, String type) {
    return url("/file/" + name + "?" + type);
  }

  /** A URL here that redirects to {@code location}. */
  String redirectTo(String location) {
    return url("/redirect?" + URLEncoder.encode(location, StandardCharsets.UTF_8));
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // client gone
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
