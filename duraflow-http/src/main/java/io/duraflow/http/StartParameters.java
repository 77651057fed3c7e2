package io.duraflow.http;

import io.duraflow.client.StartOptions;
import io.duraflow.store.IdReusePolicy;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Duraflow's own start parameters (Durable Functions has none of these; docs/queues.md): {@code
 * idReusePolicy=FAIL_IF_RUNNING|TERMINATE_IF_RUNNING|USE_EXISTING}, {@code reuseCompleted=true|false} and
 * {@code tag.KEY=VALUE}, {@code queue=NAME} and {@code priority=N}; the list and count routes take {@code
 * tag.KEY=VALUE} as a filter.
 */
final class StartParameters {
  static final String TAG_PREFIX = "tag.";

  private StartParameters() {}

  /** {@code options} with the request's id policy and tags. */
  static StartOptions apply(ApiRequest request, StartOptions options) {
    StartOptions o = options.withReuseCompleted(request.flag("reuseCompleted", true)).withTags(tags(request));
    String queue = request.query().firstNonBlank("queue");
    if (queue != null) {
      o = o.withQueue(queue.strip());
    }
    Integer priority = request.integer("priority");
    if (priority != null) {
      o = o.withPriority(priority);
    }
    String policy = request.query().firstNonBlank("idReusePolicy");
    return policy == null ? o : o.withIdReuse(policy(policy));
  }

  /** The {@code tag.KEY=VALUE} parameters, checked. */
  static Map<String, String> tags(ApiRequest request) {
    Map<String, String> tags = request.query().prefixed(TAG_PREFIX);
    try {
      tags.forEach(io.duraflow.store.NewInstance::checkTag);
    } catch (IllegalArgumentException e) {
      throw RejectedRequestException.badRequest(e.getMessage() + ".");
    }
    return tags;
  }

  private static IdReusePolicy policy(String value) {
    try {
      return IdReusePolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RejectedRequestException.badRequest("Query parameter 'idReusePolicy' must be one of "
          + Arrays.stream(IdReusePolicy.values()).map(Enum::name).collect(Collectors.joining(", "))
          + ", was '" + value + "'.");
    }
  }
}
