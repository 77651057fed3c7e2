package io.duraflow.replay;

/**
 * Unwinds orchestration code from inside {@code await()} when the engine stops running it (terminated,
 * non-deterministic, or unloaded from the cache). It extends {@link Error} so that user code's
 * {@code catch (Exception e)} cannot swallow it.
 */
final class UnwindSignal extends Error {
  private static final long serialVersionUID = 1L;

  UnwindSignal(String why) {
    super(why, null, false, false);
  }
}
