package io.duraflow.faces;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A local image server on 127.0.0.1 with good, bad and hostile routes. */
final class TestHttpServer implements AutoCloseable {
  final HttpServer server;
  final AtomicInteger flakyCalls = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  TestHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-http");
      t.setDaemon(true);
      return t;
    }));
    for (String photo : new String[] {"sample2.jpg", "sample3.jpg", "sample6.jpg"}) {
      byte[] bytes = TestImages.photo(photo);
      // A wrong Content-Type on purpose: the content is sniffed from the bytes.
      server.createContext("/" + photo, ex -> send(ex, 200, "text/plain", bytes));
    }
    byte[] landscape = TestImages.encode(TestImages.landscape(), "png");
    server.createContext("/landscape.png", ex -> send(ex, 200, "image/png", landscape));
    server.createContext("/page.html", ex -> send(ex, 200, "image/jpeg",
        "<!doctype html><p>an error page served as image/jpeg</p>".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/missing.jpg", ex -> send(ex, 404, "text/plain", "no".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/error.jpg", ex -> send(ex, 500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/flaky.jpg", ex -> {
      if (flakyCalls.incrementAndGet() == 1) {
        send(ex, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
      } else {
        send(ex, 200, "image/jpeg", TestImages.photo("sample3.jpg"));
      }
    });
    server.createContext("/slow.jpg", ex -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      send(ex, 200, "image/jpeg", TestImages.photo("sample3.jpg"));
    });
    server.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
    server.createContext("/to-photo", ex -> redirect(ex, "/sample3.jpg"));
    server.createContext("/loop", ex -> redirect(ex, "/loop"));
    server.createContext("/big.jpg", ex -> send(ex, 200, "image/jpeg", new byte[50_000]));
    server.createContext("/big-chunked.jpg", ex -> {
      ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 50; i++) {
          out.write(new byte[1000]);
        }
      } catch (IOException e) {
        // the client hung up once over the cap: expected
      }
    });
    server.start();
  }

  /** Serves {@code body} at {@code path} (with a Content-Length) and returns its URL. */
  String serve(String path, String type, byte[] body) {
    server.createContext(path, ex -> send(ex, 200, type, body));
    return url(path);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A URL on a port where nothing listens. */
  static String unreachableUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/gone.jpg";
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // client gone
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
