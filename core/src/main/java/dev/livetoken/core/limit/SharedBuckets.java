package dev.livetoken.core.limit;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Budgets counted in Redis while it answers in time, and on this instance while it does not. All the Redis
 * calls of one request wait at most the timeout together; the first call that waits in vain switches every
 * request to local counting. Counting is shared again only once a real counting call (on a key of its own,
 * at most twice a second, in the background, only while requests come) has answered within half the timeout,
 * so a Redis that is slow but answering switches at most once each way. Each switch is logged once.
 */
final class SharedBuckets implements Buckets {

  private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final List<Take> PROBE = List.of(new Take(new Budget("probe", 1_000_000), "all"));

  private final RedisAddress address;
  private final long timeoutNanos;
  private final BiConsumer<String, String> log;
  private final LocalBuckets local = new LocalBuckets();
  private final RedisBuckets redis;
  private final AtomicBoolean shared = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong nextProbe = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();

  SharedBuckets(RedisAddress address, Duration timeout, BiConsumer<String, String> log) {
    this.address = address;
    this.timeoutNanos = timeout.toNanos();
    this.log = log;
    this.redis = new RedisBuckets(address);
    connect(true);
  }

  @Override
  public void reconnect() {
    redis.disconnect();
    connect(false);
  }

  /** Waits for a connection and one counting call (at most the timeout on Redis): shared from the first request. */
  private void connect(boolean atStart) {
    CompletableFuture<Boolean> call = countingCall();
    boolean answered = awaitOnRedis(call);
    nextProbe.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
    if (answered) {
      useRedis();
      return;
    }
    if (shared.compareAndSet(true, false) || atStart) {
      warnCountingHere();
    }
    // A connection that took longer than the start could wait, followed by a counting call in time, is the
    // same evidence a probe gives: shared from then on, without waiting for requests to probe.
    call.whenComplete((inTime, failure) -> {
      if (failure == null && inTime) {
        useRedis();
      }
    });
  }

  /**
   * Whether {@code call} succeeded while this process waited at most the timeout beyond the CPU time it spent
   * meanwhile: a fresh process's first connection runs code it has not loaded yet (a few hundred milliseconds
   * of CPU), which it spends whether Redis answers or not; what a missing Redis adds is the timeout.
   */
  private boolean awaitOnRedis(CompletableFuture<Boolean> call) {
    long started = System.nanoTime();
    long cpuAtStart = cpuNanos();
    try {
      while (true) {
        long left = timeoutNanos + (cpuNanos() - cpuAtStart) - (System.nanoTime() - started);
        if (left <= 0) {
          return false;
        }
        try {
          return call.get(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // look at the CPU spent again
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  @Override
  public OptionalLong tryConsume(List<Take> takes, Waited waited) {
    List<Take> counted = takes.stream().filter(take -> !take.budget().isOff()).toList();
    if (counted.isEmpty()) {
      return OptionalLong.empty();
    }
    if (shared.get()) {
      long left = timeoutNanos - waited.nanos();
      long started = System.nanoTime();
      try {
        RedisBuckets.Answer answer = redis.tryConsume(counted, left).get(left, TimeUnit.NANOSECONDS);
        if (!answer.tooLate()) {
          return answer.refusedAt() == 0
              ? OptionalLong.empty()
              : OptionalLong.of(Buckets.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(answer.waitMillis())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // Timed out, refused, disconnected, or an answer that could not be read: all mean "count here".
      } finally {
        waited.add(System.nanoTime() - started);
      }
      fallBack();
    } else {
      probeIfDue();
    }
    return local.tryConsume(counted, waited);
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
    if (System.nanoTime() - nextProbe.get() < 0 || !probing.compareAndSet(false, true)) {
      return;
    }
    countingCall().whenComplete((answered, failure) -> {
      nextProbe.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
      probing.set(false);
      if (failure == null && answered) {
        useRedis();
      }
    });
  }

  /**
   * True when a counting call (on the probe's own key) answered within half the timeout: a request may make
   * two calls (its caller's and global budget, then its site's), and both must fit. Connecting first, when
   * there is no connection, is not part of that time.
   */
  private CompletableFuture<Boolean> countingCall() {
    long half = timeoutNanos / 2;
    return redis.connect().thenCompose(connected -> redis.tryConsume(PROBE, Long.MAX_VALUE)
        .orTimeout(half, TimeUnit.NANOSECONDS)
        .thenApply(answer -> true));
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
