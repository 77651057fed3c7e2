package io.duraflow.faces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.api.DataConverter;

/** Jackson payloads for tests, configured like the runtime's converter (which this module must not depend on). */
final class JacksonTestConverter implements DataConverter {
  static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Override
  public String serialize(Object value) {
    try {
      return value == null ? null : MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public <T> T deserialize(String json, Class<T> type) {
    try {
      return json == null ? null : MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
