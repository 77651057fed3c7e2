package io.duraflow.http;

/**
 * The error answers of the API: an HTTP status and the {@code error} word of the JSON body {@code
 * {"error": ..., "message": ...}}.
 */
enum ApiProblem {
  BAD_REQUEST(400, "BadRequest"),
  UNAUTHORIZED(401, "Unauthorized"),
  FORBIDDEN(403, "Forbidden"),
  NOT_FOUND(404, "NotFound"),
  REQUEST_TIMEOUT(408, "RequestTimeout"),
  CONFLICT(409, "Conflict"),
  GONE(410, "Gone"),
  PRECONDITION_FAILED(412, "PreconditionFailed"),
  PAYLOAD_TOO_LARGE(413, "PayloadTooLarge"),
  INTERNAL_SERVER_ERROR(500, "InternalServerError"),
  SERVICE_UNAVAILABLE(503, "ServiceUnavailable"),
  /** Jetty's answer to a request line with an HTTP version other than 1.0 or 1.1. */
  HTTP_VERSION_NOT_SUPPORTED(505, "HttpVersionNotSupported");

  private final int status;
  private final String error;

  ApiProblem(int status, String error) {
    this.status = status;
    this.error = error;
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  /** The problem for {@code status}, or INTERNAL_SERVER_ERROR for a status this API never answers. */
  static ApiProblem forStatus(int status) {
    for (ApiProblem p : values()) {
      if (p.status == status) {
        return p;
      }
    }
    return status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL_SERVER_ERROR;
  }
}
