package io.duraflow.history;

import java.time.Instant;

/** External event {@code name} arrived with payload {@code input} (JSON). */
public record EventRaised(Instant timestamp, String name, String input) implements HistoryEvent {}
