package io.duraflow.app.logging;

/** The formats {@code --log-format} accepts. */
public enum LogFormat {
  /** One readable line per event, the instance id after the logger name. */
  TEXT,
  /** One JSON object per line ({@link JsonLineEncoder}), for log collectors. */
  JSON
}
