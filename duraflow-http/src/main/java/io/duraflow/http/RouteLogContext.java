package io.duraflow.http;

import io.duraflow.worker.LogContext;
import io.javalin.http.Handler;

/**
 * Puts the instance a route addresses ({@code {instanceId}} in its path) in the log context while the
 * route runs, so its log lines, the client's and the store's, carry the id. An id the API refuses
 * (control characters, too long) is left out: the route answers 400 and the log names no instance.
 */
final class RouteLogContext {
  private RouteLogContext() {}

  static Handler around(Handler route) {
    return ctx -> {
      String id = ctx.pathParamMap().get("instanceId");
      try (LogContext ignored = LogContext.instance(acceptable(id) ? id : null)) {
        route.handle(ctx);
      }
    };
  }

  private static boolean acceptable(String id) {
    try {
      ApiRequest.checkInstanceId(id);
      return true;
    } catch (RejectedRequestException e) {
      return false;
    }
  }
}
