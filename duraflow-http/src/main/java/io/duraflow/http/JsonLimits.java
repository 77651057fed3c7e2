package io.duraflow.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON limits of the API, and the two mappers that enforce them.
 *
 * <p>What the API accepts must always be writable back: a value accepted once is embedded in every later
 * status answer and listing, one to {@link #ENVELOPE_DEPTH} levels below the top of the answer. So the
 * answer writer allows {@link #WRITE_DEPTH} levels, a stored value is embedded only when it has at most
 * {@link #MAX_EMBEDDED_DEPTH} (deeper values, stored by an older version or through the Java client, are
 * shown as a placeholder instead of failing the whole answer), and request bodies are refused with 400 above
 * {@link HttpServerOptions#maxJsonDepth()}, which is at most {@link #MAX_EMBEDDED_DEPTH}.
 */
final class JsonLimits {
  /** Nesting the answer writer allows: Jackson's default, stated here so the arithmetic below holds. */
  static final int WRITE_DEPTH = StreamWriteConstraints.DEFAULT_MAX_DEPTH;
  /**
   * The most levels an answer puts above an embedded value (listing array, status object, history array,
   * history event), with room to spare.
   */
  static final int ENVELOPE_DEPTH = 8;
  /** The deepest stored value an answer embeds. */
  static final int MAX_EMBEDDED_DEPTH = WRITE_DEPTH - ENVELOPE_DEPTH;
  /** The longest number (in digits) accepted or embedded: Jackson's default. */
  static final int MAX_NUMBER_LENGTH = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

  private JsonLimits() {}

  /** The mapper for request bodies: at most {@code maxDepth} levels, strict about duplicates and trailing tokens. */
  static ObjectMapper bodyMapper(int maxDepth) {
    return mapper(maxDepth);
  }

  /** The mapper that writes answers and reads stored values back for embedding. */
  static ObjectMapper answerMapper() {
    return mapper(MAX_EMBEDDED_DEPTH);
  }

  private static ObjectMapper mapper(int readDepth) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(readDepth)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build())
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(WRITE_DEPTH).build())
        .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }
}
