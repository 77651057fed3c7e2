package io.duraflow.replay;

import io.duraflow.api.DataConverter;
import java.util.ArrayList;
import java.util.List;

/** A tiny JSON converter for strings, integers and lists of them: enough for the core's tests. */
final class TestConverter implements DataConverter {
  @Override
  public String serialize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(v -> parts.add(serialize(v)));
      return "[" + String.join(",", parts) + "]";
    }
    throw new IllegalArgumentException("not serialisable: " + value.getClass().getName());
  }

  @Override
  public <T> T deserialize(String json, Class<T> type) {
    if (json == null) {
      return null;
    }
    if (type == String.class) {
      return type.cast(json.substring(1, json.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    if (type == Integer.class) {
      return type.cast(Integer.valueOf(json));
    }
    if (type == Void.class) {
      return null;
    }
    throw new IllegalArgumentException("cannot read " + type);
  }
}
