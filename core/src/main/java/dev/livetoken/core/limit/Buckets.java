package dev.livetoken.core.limit;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/** Where budgets are counted: on this instance, or in Redis for every instance with this one as fallback. */
public interface Buckets {

  /**
   * Takes one request from {@code budget}'s bucket for {@code key}. Empty when the request may go on (always,
   * for a budget that is off); otherwise the whole seconds until the bucket holds one again (at least 1).
   * Never throws and never waits longer than the store's timeout.
   */
  OptionalLong tryConsume(Budget budget, String key);

  /** Whether requests are counted in the shared store right now. */
  default boolean shared() {
    return false;
  }

  /** How many times counting has fallen back to this instance (each is also logged). */
  default long fallbacks() {
    return 0;
  }

  /** Counting on this instance only. */
  static Buckets local() {
    return new LocalBuckets();
  }

  /**
   * Counting in the Redis at {@code address}, shared by every instance that points there. Connecting starts in
   * the background; until it succeeds, and whenever Redis does not answer within {@code timeout}, requests are
   * counted on this instance. {@code log} receives one line (severity, message) each time counting falls back
   * and each time it is shared again; no message holds the password.
   */
  static Buckets shared(RedisAddress address, Duration timeout, BiConsumer<String, String> log) {
    return new SharedBuckets(address, timeout, log);
  }

  static long retryAfterSeconds(long nanosToWait) {
    return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
  }
}
