package io.duraflow.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to requests that never reach a route (a malformed request line, headers too large, an
 * ambiguous URI): the same {@code {"error": ..., "message": ...}} JSON as every other error, with no
 * HTML page and no stack trace. Jetty's reasons may quote the request or name Java types, so they are
 * cleaned by {@link PlainText} and the master key is masked.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final String masterKey;

  JsonErrorHandler(String masterKey) {
    this.masterKey = masterKey;
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json; charset=utf-8");
    response.getOutputStream().write(body(code, message).getBytes(StandardCharsets.UTF_8));
  }

  private String body(int status, String reason) {
    ApiProblem problem = ApiProblem.forStatus(status);
    String message = reason == null || reason.isBlank() || (status >= 500 && status != 505)
        ? "The request was refused (HTTP " + status + ")."
        : PlainText.redact(PlainText.withoutJavaNames(withoutQuery(reason)), masterKey);
    return "{\"error\":\"" + escape(problem.error()) + "\",\"message\":\"" + escape(message) + "\"}";
  }

  /** Jetty quotes the request target in some reasons; its query may hold the key. */
  private static String withoutQuery(String reason) {
    int query = reason.indexOf('?');
    return query < 0 ? reason : reason.substring(0, query);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
