package io.duraflow.faces;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Heap that decoded images in flight may use together: a decode reserves its estimated peak before it
 * allocates a pixel, and gives it back when the analysis is done. Without it every activity thread
 * decoded at once, and 24 large PNGs (100 KB each on the wire, 460 MiB each decoded) exhausted any heap.
 *
 * <p>Waiting is first come, first served (a fair semaphore), so a large image is not overtaken forever by a
 * stream of small ones. A reservation larger than the whole budget is cut to the whole budget: that image
 * then runs alone instead of waiting for ever. Permits count KiB so that a semaphore's int covers 2 TiB.
 *
 * <p>Thread-safe. {@link #shared()} is the process-wide budget that {@link FaceOptions#defaults()} uses.
 */
public final class DecodeBudget {
  private static final long UNIT = 1024;

  private final long capacityUnits;
  private final Semaphore permits;

  /** A budget of {@code capacityBytes} (at least 1 KiB). */
  public DecodeBudget(long capacityBytes) {
    if (capacityBytes < UNIT) {
      throw new IllegalArgumentException("decode budget must be at least 1 KiB, got " + capacityBytes + " bytes");
    }
    this.capacityUnits = Math.min(Integer.MAX_VALUE, capacityBytes / UNIT);
    this.permits = new Semaphore((int) capacityUnits, true);
  }

  private static final class Shared {
    static final DecodeBudget INSTANCE = new DecodeBudget(Runtime.getRuntime().maxMemory() / 2);
  }

  /** The process-wide budget: half the maximum heap ({@code -Xmx}). */
  public static DecodeBudget shared() {
    return Shared.INSTANCE;
  }

  /** The budget {@code options} asks for: {@link #shared()} unless it names a size of its own. */
  static DecodeBudget of(FaceOptions options) {
    return options.decodeBudgetBytes() == 0 ? shared() : new DecodeBudget(options.decodeBudgetBytes());
  }

  public long capacityBytes() {
    return capacityUnits * UNIT;
  }

  /** Bytes not reserved right now (for tests and diagnostics: it changes under concurrent use). */
  public long availableBytes() {
    return (long) permits.availablePermits() * UNIT;
  }

  /** Threads waiting for budget now (for tests and diagnostics). */
  public int waiting() {
    return permits.getQueueLength();
  }

  /**
   * Reserves {@code bytes} (at most the whole budget), waiting up to {@code wait} for them.
   *
   * @throws FaceImageException.Unavailable when the wait runs out or the thread is interrupted: transient,
   *     so the orchestration retries the image later
   */
  Lease reserve(long bytes, Duration wait, String source) {
    int units = (int) Math.max(1, Math.min(capacityUnits, (bytes + UNIT - 1) / UNIT));
    try {
      if (!permits.tryAcquire(units, wait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new FaceImageException.Unavailable(source, "the server is busy decoding other images: "
            + mib(units * UNIT) + " of decode memory were not free within " + wait.toSeconds()
            + " s (budget " + mib(capacityBytes()) + "); try again later", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceImageException.Unavailable(source, "interrupted while waiting for decode memory", e);
    }
    return new Lease(units);
  }

  static String mib(long bytes) {
    return (bytes + (1 << 19)) / (1 << 20) + " MiB";
  }

  /** A reservation; closing it (once or more) gives the rest back. Not thread-safe: one per decode. */
  public final class Lease implements AutoCloseable {
    private int units;

    private Lease(int units) {
      this.units = units;
    }

    /** Bytes held. */
    long bytes() {
      return units * UNIT;
    }

    /** Gives back all but {@code bytes} (no effect if fewer are held): what the decoder needed no longer. */
    void shrinkTo(long bytes) {
      int keep = (int) Math.min(units, (bytes + UNIT - 1) / UNIT);
      if (keep < units) {
        permits.release(units - keep);
        units = keep;
      }
    }

    @Override
    public void close() {
      if (units > 0) {
        permits.release(units);
        units = 0;
      }
    }
  }
}
