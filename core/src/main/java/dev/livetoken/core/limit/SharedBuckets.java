package dev.livetoken.core.limit;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Budgets counted in Redis while it answers in time, and on this instance while it does not. A request
 * waits on Redis for at most the timeout; the first one that waits in vain switches every request to local
 * counting, which then probes Redis in the background (at most twice a second, only while requests come)
 * and switches back when it answers. Each switch is logged once.
 */
final class SharedBuckets implements Buckets {

  private static final Budget WARM_UP = new Budget("warm-up", 60);
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final RedisAddress address;
  private final long timeoutNanos;
  private final BiConsumer<String, String> log;
  private final LocalBuckets local = new LocalBuckets();
  private final CompletableFuture<RedisBuckets> redis;
  private final AtomicBoolean shared = new AtomicBoolean();
  // Until the first connection attempt has ended, counting here is expected and not worth a warning.
  private final AtomicBoolean starting = new AtomicBoolean(true);
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong nextProbe = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();

  SharedBuckets(RedisAddress address, Duration timeout, BiConsumer<String, String> log) {
    this.address = address;
    this.timeoutNanos = timeout.toNanos();
    this.log = log;
    // Lettuce and Netty take a few hundred milliseconds to load and set up: not on the start-up path.
    this.redis = CompletableFuture.supplyAsync(() -> new RedisBuckets(address), task -> {
      Thread thread = new Thread(task, "redis-connect");
      thread.setDaemon(true);
      thread.start();
    });
    // One command through Bucket4j before the first request's: its code paths load here, not within a
    // request's timeout.
    redis.thenCompose(buckets -> buckets.connect().thenCompose(connected -> buckets.tryConsume(WARM_UP, "start")))
        .whenComplete((done, failure) -> {
          nextProbe.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
          starting.set(false);
          if (failure == null) {
            useRedis();
          } else {
            warnCountingHere();
          }
        });
  }

  @Override
  public OptionalLong tryConsume(Budget budget, String key) {
    if (budget.isOff()) {
      return OptionalLong.empty();
    }
    if (shared.get()) {
      try {
        ConsumptionProbe probe = redis.getNow(null).tryConsume(budget, key).get(timeoutNanos, TimeUnit.NANOSECONDS);
        return probe.isConsumed()
            ? OptionalLong.empty()
            : OptionalLong.of(Buckets.retryAfterSeconds(probe.getNanosToWaitForRefill()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // Timed out, refused, disconnected, or an answer Bucket4j could not read: all mean "count here".
        fallBack();
      }
    } else {
      probeIfDue();
    }
    return local.tryConsume(budget, key);
  }

  @Override
  public boolean shared() {
    return shared.get();
  }

  @Override
  public long fallbacks() {
    return fallbacks.get();
  }

  private void probeIfDue() {
    // Not built (still loading, or Lettuce could not even be set up): nothing to probe.
    RedisBuckets connecting = redis.isDone() && !redis.isCompletedExceptionally() ? redis.join() : null;
    if (connecting == null || starting.get() || System.nanoTime() - nextProbe.get() < 0
        || !probing.compareAndSet(false, true)) {
      return;
    }
    // A copy, so that timing the probe out does not cut off the connection it may still be opening.
    CompletableFuture<Void> probe;
    try {
      probe = connecting.probe().copy();
    } catch (RuntimeException e) {
      probe = CompletableFuture.failedFuture(e);
    }
    probe.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((done, failure) -> {
      nextProbe.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
      probing.set(false);
      if (failure == null) {
        useRedis();
      }
    });
  }

  private void useRedis() {
    if (shared.compareAndSet(false, true)) {
      log.accept("INFO", "Rate limits are counted in Redis at " + address + ", shared by every instance");
    }
  }

  private void fallBack() {
    nextProbe.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
    if (shared.compareAndSet(true, false)) {
      warnCountingHere();
    }
  }

  private void warnCountingHere() {
    fallbacks.incrementAndGet();
    log.accept("WARNING", "Redis at " + address + " did not answer in time: rate limits are counted on this"
        + " instance until it does");
  }
}
