package io.duraflow.worker;

import java.time.Duration;

/**
 * A sticky wake-up flag: {@link #signal()} before {@link #await} is not lost, so a dispatcher that was
 * busy when new work was committed polls again at once.
 */
final class WorkSignal {
  private boolean signalled;

  synchronized void signal() {
    signalled = true;
    notifyAll();
  }

  /** Waits until signalled or {@code timeout} passes; clears the flag. */
  synchronized void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!signalled) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    signalled = false;
  }
}
