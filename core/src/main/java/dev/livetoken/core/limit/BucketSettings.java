package dev.livetoken.core.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/** One bucket shape wherever it is counted: full at the start, refilled continuously over a minute. */
final class BucketSettings {

  private BucketSettings() {}

  static BucketConfiguration configuration(Budget budget) {
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder()
            .capacity(budget.perMinute())
            .refillGreedy(budget.perMinute(), Duration.ofMinutes(1))
            .build())
        .build();
  }
}
