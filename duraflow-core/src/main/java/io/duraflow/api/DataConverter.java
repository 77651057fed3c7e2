package io.duraflow.api;

/**
 * Converts inputs, outputs and event payloads to and from the JSON text that history stores. The core
 * treats payloads as opaque strings; an implementation (Jackson in the runtime) is injected.
 */
public interface DataConverter {

  /** Serialises {@code value}; returns null for null. */
  String serialize(Object value);

  /** Deserialises {@code json} into {@code type}; returns null for null. */
  <T> T deserialize(String json, Class<T> type);
}
