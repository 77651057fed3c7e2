package io.duraflow.http;

/**
 * A request that the HTTP layer refuses before it reaches the engine: a bad parameter, a body that is
 * too large or not JSON, a missing key. {@link ErrorResponses} turns it into its {@link ApiProblem}.
 */
final class RejectedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiProblem problem;

  RejectedRequestException(ApiProblem problem, String message) {
    // No stack trace: this is an answer to the client, not a fault of the server.
    super(message, null, false, false);
    this.problem = problem;
  }

  static RejectedRequestException badRequest(String message) {
    return new RejectedRequestException(ApiProblem.BAD_REQUEST, message);
  }

  ApiProblem problem() {
    return problem;
  }
}
