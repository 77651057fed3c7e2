package io.duraflow.replay;

import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;

/** A {@link System.Logger} that stays silent while its orchestration replays, so each line is logged once. */
final class ReplaySafeLogger implements System.Logger {
  private final System.Logger delegate;
  private final BooleanSupplier replaying;

  ReplaySafeLogger(System.Logger delegate, BooleanSupplier replaying) {
    this.delegate = delegate;
    this.replaying = replaying;
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return !replaying.getAsBoolean() && delegate.isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (!replaying.getAsBoolean()) {
      delegate.log(level, bundle, msg, thrown);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!replaying.getAsBoolean()) {
      delegate.log(level, bundle, format, params);
    }
  }
}
