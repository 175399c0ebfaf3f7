package dev.livetoken.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Buckets in a real redis-server shared by two "instances" (two {@link SharedBuckets} with their own Lettuce
 * clients), and what happens when Redis is missing, hangs, dies and comes back.
 */
class SharedBucketsTest {

  private static final Duration TIMEOUT = Duration.ofMillis(150);
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private RedisServer redis;

  @AfterEach
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
    assertThat(String.join("\n", log)).as("the password is never logged").doesNotContain(RedisServer.PASSWORD);
  }

  @Test
  void twoInstancesShareOneBucketPerCaller() throws Exception {
    redis = RedisServer.started();
    Buckets first = sharedAndConnected();
    Buckets second = sharedAndConnected();
    Budget budget = new Budget("caller", 4);
    String caller = uniqueKey();

    for (int i = 0; i < 4; i++) {
      assertThat((i % 2 == 0 ? first : second).tryConsume(budget, caller)).as("request %d", i + 1).isEmpty();
    }
    assertThat(first.tryConsume(budget, caller)).isEqualTo(OptionalLong.of(15));
    assertThat(second.tryConsume(budget, caller)).isEqualTo(OptionalLong.of(15));
    assertThat(second.tryConsume(budget, uniqueKey())).as("another caller").isEmpty();
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
  }

  @Test
  void twoInstancesShareOneBudgetPerSite() throws Exception {
    redis = RedisServer.started();
    RequestLimits first = new RequestLimits(sharedAndConnected(), 0, 0);
    RequestLimits second = new RequestLimits(sharedAndConnected(), 0, 0);
    String site = uniqueKey();

    assertThat(first.admitSite(site, 2)).isEmpty();
    assertThat(second.admitSite(site, 2)).isEmpty();
    assertThat(first.admitSite(site, 2)).isEqualTo(OptionalLong.of(30));
    assertThat(second.admitSite(site, 2)).isEqualTo(OptionalLong.of(30));
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
  }

  @Test
  void eachBucketIsOneRedisKeyThatExpiresOnceTheBucketWouldBeFullAgain() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = sharedAndConnected();
    String caller = uniqueKey();

    buckets.tryConsume(new Budget("caller", 6), caller);
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      long ttl = connection.sync().pttl("live-token:caller:" + caller);
      // One token of 6 a minute is back after 10 s; Bucket4j keeps the key 10 s past that.
      assertThat(ttl).isBetween(15_000L, 20_000L);
      assertThat(connection.sync().exists("live-token:global:all")).as("nothing for a budget never used").isZero();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void startsWithoutRedisCountingHereAndSharesOnceRedisIsUp() throws Exception {
    redis = RedisServer.notStarted();
    Buckets first = Buckets.shared(RedisAddress.parse(redis.url()), TIMEOUT, this::log);
    Budget budget = new Budget("caller", 2);
    String caller = uniqueKey();

    awaitTrue(() -> log.size() == 1);
    assertThat(log).singleElement().asString()
        .startsWith("WARNING Redis at redis://127.0.0.1:" + redis.port() + "/0 (with password) did not answer")
        .contains("counted on this instance");
    assertThat(first.tryConsume(budget, caller)).isEmpty();
    assertThat(first.tryConsume(budget, caller)).isEmpty();
    assertThat(first.tryConsume(budget, caller)).as("counted here meanwhile").isEqualTo(OptionalLong.of(30));

    redis.start();
    Buckets second = sharedAndConnected();
    awaitTrue(() -> {
      first.tryConsume(new Budget("probe-traffic", 1000), "x");
      return log.stream().filter(line -> line.startsWith("INFO")).count() == 2;
    });
    String shared = uniqueKey();
    assertThat(first.tryConsume(budget, shared)).isEmpty();
    assertThat(second.tryConsume(budget, shared)).isEmpty();
    assertThat(first.tryConsume(budget, shared)).as("counted in Redis again").isEqualTo(OptionalLong.of(30));
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).hasSize(1);
  }

  @Test
  void aHungThenDeadThenRestartedRedisCostsOneWaitOneWarningAndOneRecovery() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = sharedAndConnected();
    Budget budget = new Budget("caller", 3);
    log.clear();
    assertThat(buckets.shared()).isTrue();
    assertThat(buckets.fallbacks()).isZero();

    redis.pause();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      buckets.tryConsume(budget, "paused-" + i);
      waits.add((System.nanoTime() - started) / 1_000_000);
    }
    String caller = uniqueKey();
    assertThat(buckets.tryConsume(budget, caller)).isEmpty();
    assertThat(buckets.tryConsume(budget, caller)).isEmpty();
    assertThat(buckets.tryConsume(budget, caller)).isEmpty();
    assertThat(buckets.tryConsume(budget, caller)).as("counted here while Redis hangs").isEqualTo(OptionalLong.of(20));

    redis.kill();
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      buckets.tryConsume(budget, "dead-" + i);
      waits.add((System.nanoTime() - started) / 1_000_000);
      Thread.sleep(50);
    }
    // Generous bounds on a shared machine: the first request waits out the timeout, later ones not at all.
    assertThat(waits).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
    assertThat(waits.subList(1, waits.size())).allSatisfy(ms -> assertThat(ms).isLessThan(TIMEOUT.toMillis()));
    assertThat(log).singleElement().asString().startsWith("WARNING");
    assertThat(buckets.shared()).isFalse();
    assertThat(buckets.fallbacks()).as("one fallback, however many requests it covered").isEqualTo(1);

    redis.start();
    awaitTrue(() -> {
      buckets.tryConsume(new Budget("probe-traffic", 1000), "x");
      return log.size() == 2;
    });
    assertThat(log.get(1)).startsWith("INFO Rate limits are counted in Redis at redis://127.0.0.1:" + redis.port());
    assertThat(buckets.shared()).isTrue();
    assertThat(buckets.fallbacks()).isEqualTo(1);
    Buckets other = sharedAndConnected();
    String shared = uniqueKey();
    for (int i = 0; i < 3; i++) {
      assertThat((i % 2 == 0 ? buckets : other).tryConsume(budget, shared)).isEmpty();
    }
    assertThat(buckets.tryConsume(budget, shared)).as("shared again").isEqualTo(OptionalLong.of(20));
  }

  @Test
  void aWrongPasswordFallsBackWithoutSayingThePassword() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = Buckets.shared(RedisAddress.parse(redis.url().replace(RedisServer.PASSWORD, "wrong-pw-77")),
        TIMEOUT, this::log);

    awaitTrue(() -> log.size() == 1);
    Budget budget = new Budget("caller", 1);
    assertThat(buckets.tryConsume(budget, "a")).isEmpty();
    assertThat(buckets.tryConsume(budget, "a")).isEqualTo(OptionalLong.of(60));
    assertThat(log).singleElement().asString().startsWith("WARNING").doesNotContain("wrong-pw-77");
  }

  private Buckets sharedAndConnected() throws InterruptedException {
    int before = (int) log.stream().filter(line -> line.startsWith("INFO")).count();
    Buckets buckets = Buckets.shared(RedisAddress.parse(redis.url()), TIMEOUT, this::log);
    awaitTrue(() -> {
      buckets.tryConsume(new Budget("probe-traffic", 1000), "x");
      return log.stream().filter(line -> line.startsWith("INFO")).count() > before;
    });
    return buckets;
  }

  private void log(String severity, String message) {
    log.add(severity + " " + message);
  }

  private static String uniqueKey() {
    return "198.51.100." + ThreadLocalRandom.current().nextInt(1_000_000);
  }

  private void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PATIENCE + "; log: " + log);
      }
      Thread.sleep(50);
    }
  }
}
