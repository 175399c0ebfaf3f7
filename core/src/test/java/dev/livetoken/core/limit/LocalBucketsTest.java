package dev.livetoken.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The documented allowance, refill and Retry-After, stepped through on a clock the test moves. */
class LocalBucketsTest {

  private final ManualTime time = new ManualTime();

  @Test
  void afterTheAllowanceTheNextTokenIsSixtyOverNSecondsAway() {
    Limiter limiter = new Limiter(2);

    assertThat(limiter.acquire("a")).isEmpty();
    assertThat(limiter.acquire("a")).isEmpty();
    assertThat(limiter.acquire("a")).hasValue(30);
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilATokenIsBackRoundedUp() {
    Limiter limiter = new Limiter(2);
    limiter.acquire("a");
    limiter.acquire("a");

    time.advance(Duration.ofSeconds(1));
    assertThat(limiter.acquire("a")).as("29 s exactly").hasValue(29);
    time.advance(Duration.ofMillis(500));
    assertThat(limiter.acquire("a")).as("28.5 s").hasValue(29);
    time.advance(Duration.ofMillis(28_499));
    assertThat(limiter.acquire("a")).as("1 ms").hasValue(1);
  }

  @Test
  void theWindowRefillsOneTokenEvery60OverNSecondsAndNoSooner() {
    Limiter limiter = new Limiter(30);
    for (int i = 0; i < 30; i++) {
      assertThat(limiter.acquire("a")).as("request " + (i + 1)).isEmpty();
    }
    assertThat(limiter.acquire("a")).hasValue(2);

    time.advance(Duration.ofMillis(1_999));
    assertThat(limiter.acquire("a")).as("1 ms before the refill").hasValue(1);
    time.advance(Duration.ofMillis(1));
    assertThat(limiter.acquire("a")).as("one token back after 2 s").isEmpty();
    assertThat(limiter.acquire("a")).as("and only one").hasValue(2);

    time.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 30; i++) {
      assertThat(limiter.acquire("a")).as("after a full minute, request " + (i + 1)).isEmpty();
    }
    assertThat(limiter.acquire("a")).as("never more than the allowance at once").hasValue(2);
  }

  @Test
  void eachClientHasItsOwnBucket() {
    Limiter limiter = new Limiter(1);

    assertThat(limiter.acquire("a")).isEmpty();
    assertThat(limiter.acquire("a")).hasValue(60);
    assertThat(limiter.acquire("b")).isEmpty();
  }

  @Test
  void zeroTurnsTheLimitOff() {
    Limiter limiter = new Limiter(0);

    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.acquire("a")).isEqualTo(OptionalLong.empty());
    }
  }

  /** One budget of {@code perMinute} in buckets on the test's clock. */
  private final class Limiter {

    private final Buckets buckets = new LocalBuckets(time);
    private final Budget budget;

    Limiter(int perMinute) {
      budget = new Budget("caller", perMinute);
    }

    OptionalLong acquire(String client) {
      return buckets.tryConsume(budget, client);
    }
  }

  /** A clock that moves only when told. */
  private static final class ManualTime implements TimeMeter {

    private long nanos = 1_000_000_000L;

    void advance(Duration step) {
      nanos += step.toNanos();
    }

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
