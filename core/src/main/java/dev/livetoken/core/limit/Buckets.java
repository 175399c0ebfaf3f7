package dev.livetoken.core.limit;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/** Where budgets are counted: on this instance, or in Redis for every instance with this one as fallback. */
public interface Buckets {

  /** One request taken from {@code budget}'s bucket for {@code key}. */
  record Take(Budget budget, String key) {}

  /**
   * Takes one request from each bucket in order, stopping at the first that is empty (budgets that are off are
   * skipped). Empty when the request may go on; otherwise the whole seconds until that bucket holds one again
   * (at least 1). Never throws; all the calls of one request ({@code waited}) wait on the store at most its
   * timeout together.
   */
  OptionalLong tryConsume(List<Take> takes, Waited waited);

  /** {@link #tryConsume(List, Waited)} for one bucket, as a request of its own. */
  default OptionalLong tryConsume(Budget budget, String key) {
    return tryConsume(List.of(new Take(budget, key)), new Waited());
  }

  /** After a snapshot restore: opens the store's connection anew, waiting at most its timeout. */
  default void reconnect() {}

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
   * Counting in the Redis at {@code address}, shared by every instance that points there. Connects before it
   * returns, waiting at most {@code timeout} on Redis; until that succeeds, and whenever Redis does not answer
   * a request within {@code timeout}, requests are counted on this instance. {@code log} receives one line
   * (severity, message) each time counting falls back and each time it is shared again; no message holds the
   * password.
   */
  static Buckets shared(RedisAddress address, Duration timeout, BiConsumer<String, String> log) {
    return new SharedBuckets(address, timeout, log);
  }

  static long retryAfterSeconds(long nanosToWait) {
    return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
  }

  /** How long one request has waited on the store so far. */
  final class Waited {

    private long nanos;

    long nanos() {
      return nanos;
    }

    void add(long more) {
      nanos += more;
    }
  }
}
