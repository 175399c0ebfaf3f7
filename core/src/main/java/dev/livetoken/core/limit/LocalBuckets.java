package dev.livetoken.core.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Buckets held in this instance's memory. Idle buckets are dropped after two minutes, when they would be full
 * again anyway.
 */
final class LocalBuckets implements Buckets {

  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).maximumSize(100_000).build();
  private final TimeMeter time;

  LocalBuckets() {
    this(TimeMeter.SYSTEM_MILLISECONDS);
  }

  /** With the buckets' clock given, so that tests can step through a refill window without waiting. */
  LocalBuckets(TimeMeter time) {
    this.time = time;
  }

  @Override
  public OptionalLong tryConsume(List<Take> takes, Waited waited) {
    for (Take take : takes) {
      OptionalLong wait = tryConsume(take.budget(), take.key());
      if (wait.isPresent()) {
        return wait;
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public OptionalLong tryConsume(Budget budget, String key) {
    if (budget.isOff()) {
      return OptionalLong.empty();
    }
    ConsumptionProbe probe = buckets
        .get(budget.name() + '\n' + key, k -> Bucket.builder().withCustomTimePrecision(time)
            .addLimit(BucketSettings.configuration(budget).getBandwidths()[0]).build())
        .tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? OptionalLong.empty()
        : OptionalLong.of(Buckets.retryAfterSeconds(probe.getNanosToWaitForRefill()));
  }
}
