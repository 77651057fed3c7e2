package io.duraflow.store.jdbc;

import io.duraflow.history.HistoryEvent;
import io.duraflow.store.codec.HistoryEventCodec;
import java.util.List;

/** Events encoded before the transaction, looked up by identity inside it. Not thread-safe. */
final class Encoded {
  private final HistoryEventCodec codec;
  private final java.util.IdentityHashMap<HistoryEvent, String> json = new java.util.IdentityHashMap<>();

  Encoded(HistoryEventCodec codec) {
    this.codec = codec;
  }

  Encoded add(HistoryEvent event) {
    json.computeIfAbsent(event, codec::encode);
    return this;
  }

  Encoded addAll(List<HistoryEvent> events) {
    events.forEach(this::add);
    return this;
  }

  String get(HistoryEvent event) {
    String text = json.get(event);
    return text != null ? text : codec.encode(event);
  }
}
