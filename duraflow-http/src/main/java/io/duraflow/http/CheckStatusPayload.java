package io.duraflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The check-status payload of Durable Functions: the instance id and the nine management URIs, absolute
 * and each with a query string ({@code taskHub}, {@code connection}, {@code code}) so that clients can
 * append their own parameters with {@code &}. {@code {eventName}} and {@code {text}} are templates the
 * client fills in.
 */
record CheckStatusPayload(
    String id,
    String statusQueryGetUri,
    String sendEventPostUri,
    String terminatePostUri,
    String rewindPostUri,
    String purgeHistoryDeleteUri,
    String restartPostUri,
    String suspendPostUri,
    String resumePostUri) {

  /** The webhook root under which every management URI lives. */
  static final String WEBHOOK_PATH = "/runtime/webhooks/durabletask";

  /**
   * The payload for {@code instanceId}.
   *
   * @param origin {@code scheme://host[:port]} as the client addressed the server
   * @param returnInternalServerErrorOnFailure carried into the status URI, as the Functions host does
   */
  static CheckStatusPayload of(String origin, String instanceId, String taskHub, String connection, String key,
      boolean returnInternalServerErrorOnFailure) {
    String instance = origin + WEBHOOK_PATH + "/instances/" + encodePathSegment(instanceId);
    String query = "taskHub=" + encode(taskHub) + "&connection=" + encode(connection) + "&code=" + encode(key);
    String status = instance + "?" + query
        + (returnInternalServerErrorOnFailure ? "&returnInternalServerErrorOnFailure=true" : "");
    return new CheckStatusPayload(
        instanceId,
        status,
        instance + "/raiseEvent/{eventName}?" + query,
        instance + "/terminate?reason={text}&" + query,
        instance + "/rewind?reason={text}&" + query,
        instance + "?" + query,
        instance + "/restart?" + query,
        instance + "/suspend?reason={text}&" + query,
        instance + "/resume?reason={text}&" + query);
  }

  /** The payload as JSON, fields in Durable Functions' order. */
  ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", id);
    node.put("statusQueryGetUri", statusQueryGetUri);
    node.put("sendEventPostUri", sendEventPostUri);
    node.put("terminatePostUri", terminatePostUri);
    node.put("rewindPostUri", rewindPostUri);
    node.put("purgeHistoryDeleteUri", purgeHistoryDeleteUri);
    node.put("restartPostUri", restartPostUri);
    node.put("suspendPostUri", suspendPostUri);
    node.put("resumePostUri", resumePostUri);
    return node;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String encodePathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
