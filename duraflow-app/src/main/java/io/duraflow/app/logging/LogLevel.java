package io.duraflow.app.logging;

import ch.qos.logback.classic.Level;

/** The levels {@code --log-level} accepts, most to least severe. */
public enum LogLevel {
  ERROR(Level.ERROR), WARN(Level.WARN), INFO(Level.INFO), DEBUG(Level.DEBUG), TRACE(Level.TRACE);

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  Level logback() {
    return level;
  }

  /** Debug and trace open up the libraries that are held at WARN otherwise, and TensorFlow's native log. */
  boolean verbose() {
    return level.toInt() < Level.INFO_INT;
  }
}
