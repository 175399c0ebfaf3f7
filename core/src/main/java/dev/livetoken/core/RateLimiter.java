package dev.livetoken.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Token buckets per client address, refilled continuously, held for this instance only. Idle buckets are
 * dropped after two minutes, when they would be full again anyway.
 */
final class RateLimiter {

  private final int perMinute;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  RateLimiter(int perMinute) {
    this(perMinute, TimeMeter.SYSTEM_MILLISECONDS);
  }

  /** With the buckets' clock given, so that tests can step through a refill window without waiting. */
  RateLimiter(int perMinute, TimeMeter time) {
    this.perMinute = perMinute;
    this.time = time;
    this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).maximumSize(100_000).build();
  }

  /** Empty when the request may go on; otherwise the whole seconds until a token is back. */
  OptionalLong acquire(String client) {
    if (perMinute == 0) {
      return OptionalLong.empty();
    }
    ConsumptionProbe probe = buckets.get(client, key -> Bucket.builder().withCustomTimePrecision(time)
            .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
            .build())
        .tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
  }
}
