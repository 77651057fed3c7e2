package io.duraflow.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A raw-socket HTTP/1.1 client for what {@code java.net.http} refuses to send: bodies shorter than their
 * {@code Content-Length}, bad chunks, odd {@code Transfer-Encoding}s, pipelined requests, slow bodies.
 * Every read has a deadline, so a server that never answers fails the test instead of hanging it.
 */
final class RawHttp implements AutoCloseable {
  /** One answer: status 0 when the server closed the connection without answering. */
  record Answer(int status, String head, String body) {
    boolean closedWithoutAnswer() {
      return status == 0;
    }

    /** The value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return status == 0 ? "(closed without an answer)" : head + "\r\n\r\n" + body;
    }
  }

  /** Thrown when no answer (nor a close) arrives within the deadline. */
  static final class NoAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    NoAnswerException(String message) {
      super(message);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(int port, Duration deadline) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) deadline.toMillis());
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends {@code request}, closes the sending side and reads one answer. */
  static Answer exchange(int port, byte[] request, Duration deadline) throws IOException {
    try (RawHttp http = new RawHttp(port, deadline)) {
      http.send(request);
      http.shutdownOutput();
      return http.read();
    }
  }

  static Answer exchange(int port, String request, Duration deadline) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.UTF_8), deadline);
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void shutdownOutput() throws IOException {
    if (!socket.isOutputShutdown()) {
      socket.shutdownOutput();
    }
  }

  /** True once the server has sent something (or closed): for slow senders that stop when answered. */
  boolean answerWaiting() throws IOException {
    return in.available() > 0;
  }

  /** Reads one answer (head and body by Content-Length, chunks, or up to the close). */
  Answer read() throws IOException {
    return read(false);
  }

  /** Reads one answer; the answer to a HEAD request has no body whatever its headers say. */
  Answer read(boolean headRequest) throws IOException {
    try {
      String head = readHead();
      if (head == null) {
        return new Answer(0, "", "");
      }
      int status = Integer.parseInt(head.substring(9, 12));
      Answer shape = new Answer(status, head, "");
      String length = shape.header("Content-Length");
      String encoding = shape.header("Transfer-Encoding");
      byte[] body;
      if (headRequest) {
        body = new byte[0];
      } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
        body = readChunks();
      } else if (length != null) {
        body = in.readNBytes(Integer.parseInt(length));
      } else if (status == 204 || status == 304 || status / 100 == 1) {
        body = new byte[0];
      } else {
        body = in.readAllBytes();
      }
      return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
    } catch (SocketTimeoutException e) {
      throw new NoAnswerException("No answer within " + socket.getSoTimeout() + " ms");
    } catch (java.net.SocketException e) {
      // A reset after the server gave up on the request counts as a close.
      return new Answer(0, "", "");
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
          : b == '\r' ? 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private byte[] readChunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine();
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
