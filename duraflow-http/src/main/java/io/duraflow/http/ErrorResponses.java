package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duraflow.api.InstanceAlreadyExistsException;
import io.duraflow.api.InstanceNotFoundException;
import io.duraflow.api.InvalidInstanceStateException;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.store.StoreException;
import io.duraflow.store.StoreFullException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP answers. Every error is a JSON object {@code {"error":
 * ..., "message": ...}}, except the rewind precondition, which Durable Functions answers in plain text.
 * Unexpected exceptions are logged with an incident id; the client sees only the id, never a stack trace.
 * A failing store answers 503 with {@code Retry-After}; a full one says so (the store's own sentence).
 *
 * <p>Messages never carry a request secret or a Java type name: paths are quoted without their query
 * string (which may hold the key), messages that come from the engine or from libraries are rewritten
 * by {@link PlainText}, and the master key is masked in every message as a last line of defence.
 */
final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  static final String RETRY_AFTER = "Retry-After";
  /** What a 503 for a failing or full store asks clients to wait before retrying. */
  static final String RETRY_AFTER_SECONDS = "5";
  private final ObjectMapper mapper;
  private final String masterKey;

  ErrorResponses(ObjectMapper mapper, String masterKey) {
    this.mapper = mapper;
    this.masterKey = masterKey;
  }

  /** Answers {@code ctx} for {@code failure}, raised while performing {@code operation}. */
  void send(Context ctx, Operation operation, Throwable failure) {
    if (failure instanceof RejectedRequestException r) {
      send(ctx, r.problem(), r.getMessage());
    } else if (failure instanceof InstanceNotFoundException e) {
      send(ctx, ApiProblem.NOT_FOUND, e.getMessage());
    } else if (failure instanceof io.duraflow.schedule.ScheduleNotFoundException e) {
      send(ctx, ApiProblem.NOT_FOUND, e.getMessage());
    } else if (failure instanceof io.duraflow.schedule.ScheduleAlreadyExistsException e) {
      send(ctx, ApiProblem.CONFLICT, e.getMessage());
    } else if (failure instanceof InstanceAlreadyExistsException e) {
      send(ctx, ApiProblem.CONFLICT, e.getMessage());
    } else if (failure instanceof InvalidInstanceStateException e) {
      sendInvalidState(ctx, operation, e);
    } else if (failure instanceof StoreFullException e) {
      LOG.warn("{} {}: the store is full: {}", ctx.method(), path(ctx), e.getMessage());
      ctx.header(RETRY_AFTER, RETRY_AFTER_SECONDS);
      send(ctx, ApiProblem.SERVICE_UNAVAILABLE,
          "The request was not applied: " + e.reason() + ". Retry later.");
    } else if (failure instanceof StoreException e) {
      LOG.warn("{} {}: the store failed: {}", ctx.method(), path(ctx), PlainText.redact(e.toString(), masterKey));
      ctx.header(RETRY_AFTER, RETRY_AFTER_SECONDS);
      send(ctx, ApiProblem.SERVICE_UNAVAILABLE,
          "The store is unreachable or failed; retry later. The server log has details.");
    } else if (failure instanceof IllegalArgumentException e) {
      // The engine's way of saying the request was wrong (unknown names, inputs it cannot serialise).
      send(ctx, ApiProblem.BAD_REQUEST, e.getMessage() == null ? "Invalid request." : PlainText.withoutJavaNames(e.getMessage()));
    } else if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      send(ctx, ApiProblem.SERVICE_UNAVAILABLE, "The server is shutting down; retry later.");
    } else if (failure instanceof HttpResponseException e) {
      ApiProblem problem = ApiProblem.forStatus(e.getStatus());
      send(ctx, problem, e.getStatus() == 404 ? "No endpoint " + ctx.method() + " " + path(ctx) + "."
          : PlainText.withoutJavaNames(e.getMessage()));
    } else {
      String incident = UUID.randomUUID().toString();
      LOG.error("{} {} failed unexpectedly (incident {})", ctx.method(), path(ctx), incident, failure);
      send(ctx, ApiProblem.INTERNAL_SERVER_ERROR,
          "Something went wrong while processing the request; the server log has details (incident " + incident + ").");
    }
  }

  private void sendInvalidState(Context ctx, Operation operation, InvalidInstanceStateException e) {
    OrchestrationRuntimeStatus status = e.status();
    switch (operation) {
      case REWIND -> {
        // Durable Functions answers this one in plain text, and its clients show the text as is.
        ctx.status(ApiProblem.PRECONDITION_FAILED.status())
            .contentType("text/plain; charset=utf-8")
            .result("This orchestration has status " + status.wireName()
                + ", but only orchestrations in the \"Failed\" state can be rewound.");
      }
      case PURGE_INSTANCE -> send(ctx, ApiProblem.PRECONDITION_FAILED,
          "Only orchestrations in a terminal state can be purged, but instance '" + e.instanceId()
              + "' has status " + status.wireName() + ".");
      case RAISE_EVENT, TERMINATE, SUSPEND, RESUME -> send(ctx,
          status.isTerminal() ? ApiProblem.GONE : ApiProblem.CONFLICT, e.getMessage());
      default -> send(ctx, ApiProblem.CONFLICT, e.getMessage());
    }
  }

  /** The request's path for messages and logs: never its query string, which may hold the key. */
  private String path(Context ctx) {
    return PlainText.redact(PlainText.safePath(ctx.req().getRequestURI()), masterKey);
  }

  /** Answers {@code problem} with {@code message}. */
  void send(Context ctx, ApiProblem problem, String message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("error", problem.error());
    body.put("message", PlainText.redact(message, masterKey));
    ctx.status(problem.status())
        .contentType("application/json; charset=utf-8")
        .result(body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
