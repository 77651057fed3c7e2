package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodeBudgetTest {
  private static final long MIB = 1024 * 1024;
  private static final Duration LONG = Duration.ofSeconds(30);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void reserve_whileTheBudgetIsTaken_waitsUntilItIsGivenBack() throws Exception {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    DecodeBudget.Lease first = budget.reserve(60 * MIB, LONG, "a");
    Future<DecodeBudget.Lease> second = pool.submit(() -> budget.reserve(60 * MIB, LONG, "b"));
    await(() -> budget.waiting() == 1);
    assertThat(second).isNotDone();

    first.close();
    DecodeBudget.Lease got = second.get(30, TimeUnit.SECONDS);
    assertThat(got.bytes()).isEqualTo(60 * MIB);
    assertThat(budget.availableBytes()).isEqualTo(40 * MIB);
    got.close();
    got.close(); // closing twice gives back nothing more
    assertThat(budget.availableBytes()).isEqualTo(100 * MIB);
  }

  @Test
  void reserve_largeWaiter_isNotOvertakenBySmallerLaterOnes() throws Exception {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    DecodeBudget.Lease held = budget.reserve(60 * MIB, LONG, "held");
    Future<DecodeBudget.Lease> large = pool.submit(() -> budget.reserve(60 * MIB, LONG, "large"));
    await(() -> budget.waiting() == 1);
    // 40 MiB are free, enough for the small one, but it queues behind the large one.
    Future<DecodeBudget.Lease> small = pool.submit(() -> budget.reserve(10 * MIB, LONG, "small"));
    await(() -> budget.waiting() == 2);
    assertThat(small).isNotDone();

    held.close();
    large.get(30, TimeUnit.SECONDS).close();
    small.get(30, TimeUnit.SECONDS).close();
    assertThat(budget.availableBytes()).isEqualTo(100 * MIB);
  }

  @Test
  void reserve_moreThanTheWholeBudget_runsAloneInsteadOfWaitingForever() {
    DecodeBudget budget = new DecodeBudget(10 * MIB);
    try (DecodeBudget.Lease lease = budget.reserve(1024 * MIB, LONG, "huge")) {
      assertThat(lease.bytes()).isEqualTo(10 * MIB);
      assertThat(budget.availableBytes()).isZero();
    }
    assertThat(budget.availableBytes()).isEqualTo(10 * MIB);
  }

  @Test
  void reserve_budgetStaysTaken_failsTransientlyWithAMessage() {
    DecodeBudget budget = new DecodeBudget(10 * MIB);
    try (DecodeBudget.Lease all = budget.reserve(10 * MIB, LONG, "all")) {
      assertThatThrownBy(() -> budget.reserve(MIB, Duration.ofMillis(50), "http://x/a.png"))
          .isInstanceOfSatisfying(FaceImageException.Unavailable.class, e -> assertThat(e.isTransient()).isTrue())
          .hasMessageContaining("busy decoding other images")
          .hasMessageContaining("http://x/a.png");
    }
  }

  @Test
  void shrinkTo_givesBackWhatTheDecoderNoLongerNeeds() {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    try (DecodeBudget.Lease lease = budget.reserve(70 * MIB, LONG, "a")) {
      lease.shrinkTo(20 * MIB);
      assertThat(budget.availableBytes()).isEqualTo(80 * MIB);
      lease.shrinkTo(50 * MIB); // never grows
      assertThat(lease.bytes()).isEqualTo(20 * MIB);
    }
    assertThat(budget.availableBytes()).isEqualTo(100 * MIB);
  }

  @Test
  void read_imageWhosePeakExceedsTheWholeBudget_isSubsampledToFit() {
    DecodeBudget budget = new DecodeBudget(20 * MIB);
    ImageDecoder decoder = new ImageDecoder(FaceOptions.defaults(), budget);
    try (DecodedImage decoded = decoder.read(LargeImages.flatPng(6000, 6000, 0x336699), "flat")) {
      // The analysis needs more than the decode's 3 + 4 bytes per pixel: 6 for the pixels and pyramid and
      // 24 per pixel of the detector's 2/3-scale level, 17 in all. In 20 MiB that is at most 1.23 MP, so
      // every 6th pixel of 6000 (every 5th would be 1.44 MP).
      assertThat(decoded.image().width()).isEqualTo(1000);
      assertThat(decoded.width()).isEqualTo(6000);
      assertThat(decoded.image().rgb()[0] & 0xFFFFFF).isEqualTo(0x336699);
    }
    assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
  }

  @Test
  void read_notAnImage_givesItsBudgetBack() {
    DecodeBudget budget = new DecodeBudget(100 * MIB);
    ImageDecoder decoder = new ImageDecoder(FaceOptions.defaults(), budget);
    byte[] cut = java.util.Arrays.copyOf(LargeImages.flatPng(3000, 3000, 0x336699), 200);
    assertThatThrownBy(() -> decoder.read(cut, "cut")).isInstanceOf(FaceImageException.NotAnImage.class);
    assertThat(budget.availableBytes()).isEqualTo(budget.capacityBytes());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(5);
    }
  }
}
