package dev.livetoken.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.DelayingProxy;
import dev.livetoken.contract.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Buckets in a real redis-server shared by two "instances" (two {@link SharedBuckets} with their own Lettuce
 * clients), and what happens when Redis is missing, slow, hangs, dies and comes back.
 */
class SharedBucketsTest {

  // README's default, where the bound is what a test is about.
  private static final Duration TIMEOUT = Duration.ofMillis(150);
  // Elsewhere: on a machine shared with builds, a loopback Redis's answer can take longer than 150 ms.
  private static final Duration ROOMY = Duration.ofSeconds(1);
  private static final Duration TLS_ROOMY = Duration.ofSeconds(5);
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private RedisServer redis;

  /**
   * A fresh process's first connection loads the client's code (a few hundred milliseconds of CPU on a busy
   * machine, where the bound on Redis at start may not hold); the tests here count on a loaded client, the
   * integration tests start fresh processes.
   */
  @BeforeAll
  static void loadTheClient() throws Exception {
    try (RedisServer warm = RedisServer.started()) {
      Buckets.shared(RedisAddress.parse(warm.url()), Duration.ofSeconds(10), (severity, message) -> {});
    }
  }

  @AfterEach
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
    assertThat(String.join("\n", log)).as("the password is never logged").doesNotContain(RedisServer.PASSWORD);
  }

  @Test
  void twoInstancesShareOneBucketPerCallerFromTheirFirstRequest() throws Exception {
    redis = RedisServer.started();
    Buckets first = shared(redis.url());
    Buckets second = shared(redis.url());
    Budget budget = new Budget("caller", 4);
    String caller = uniqueKey();

    assertThat(log).as("both connected before they returned").hasSize(2)
        .allSatisfy(line -> assertThat(line).startsWith("INFO Rate limits are counted in Redis"));
    for (int i = 0; i < 4; i++) {
      assertThat((i % 2 == 0 ? first : second).tryConsume(budget, caller)).as("request %d", i + 1).isEmpty();
    }
    assertThat(first.tryConsume(budget, caller)).isEqualTo(OptionalLong.of(15));
    assertThat(second.tryConsume(budget, caller)).isEqualTo(OptionalLong.of(15));
    assertThat(second.tryConsume(budget, uniqueKey())).as("another caller").isEmpty();
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
  }

  @Test
  void twoInstancesShareTheGlobalAndEachSitesBudget() throws Exception {
    redis = RedisServer.started();
    RequestLimits first = new RequestLimits(shared(redis.url()), 0, 3);
    RequestLimits second = new RequestLimits(shared(redis.url()), 0, 3);
    String site = uniqueKey();

    assertThat(first.admit(uniqueKey()).admitSite(site, 2)).isEmpty();
    assertThat(second.admit(uniqueKey()).admitSite(site, 2)).isEmpty();
    assertThat(first.admit(uniqueKey()).admitSite(site, 2)).isEqualTo(OptionalLong.of(30));
    assertThat(second.admit(uniqueKey()).refusal()).as("the global budget's third was the site's refusal")
        .isEqualTo(OptionalLong.of(20));
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
  }

  @Test
  void aChangedBudgetAppliesFromTheNextRequest() throws Exception {
    redis = RedisServer.started();
    String caller = uniqueKey();
    Buckets before = shared(redis.url());
    for (int i = 0; i < 3; i++) {
      assertThat(before.tryConsume(new Budget("global", 3), caller)).isEmpty();
    }
    assertThat(before.tryConsume(new Budget("global", 3), caller)).isPresent();

    Buckets raised = shared(redis.url());
    for (int i = 0; i < 50; i++) {
      assertThat(raised.tryConsume(new Budget("global", 1000), caller)).as("raised, request %d", i + 1).isEmpty();
    }
    Buckets lowered = shared(redis.url());
    assertThat(lowered.tryConsume(new Budget("global", 2), caller)).isEmpty();
    assertThat(lowered.tryConsume(new Budget("global", 2), caller)).isEmpty();
    assertThat(lowered.tryConsume(new Budget("global", 2), caller)).as("lowered to 2").isEqualTo(OptionalLong.of(30));
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
  }

  @Test
  void eachBucketIsOneRedisKeyThatExpiresOnceTheBucketWouldBeFullAgain() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = shared(redis.url());
    String caller = uniqueKey();

    buckets.tryConsume(new Budget("caller", 6), caller);
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      long ttl = connection.sync().pttl("live-token:caller:" + caller);
      // One token of 6 a minute is back after 10 s, and the bucket full again.
      assertThat(ttl).isBetween(9_000L, 10_000L);
      assertThat(connection.sync().exists("live-token:global:all")).as("nothing for a budget never used").isZero();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aRedisFiftyMillisecondsAwayCountsARequestsTwoCallsWithinTheTimeout() throws Exception {
    redis = RedisServer.started();
    try (DelayingProxy far = new DelayingProxy(redis.port(), 50)) {
      Buckets farBuckets = shared(redis.urlAt(far.port()), TIMEOUT);
      RequestLimits first = new RequestLimits(farBuckets, 5, 1000);
      RequestLimits second = new RequestLimits(shared(redis.url()), 5, 1000);
      // Connecting takes more round trips than a request's calls: it may have missed the start-up bound.
      awaitTrue(() -> {
        farBuckets.tryConsume(new Budget("traffic", 1000), "x");
        return log.stream().filter(line -> line.startsWith("INFO")).count() == 2;
      });
      log.removeIf(line -> line.startsWith("WARNING"));
      String caller = uniqueKey();
      String site = uniqueKey();

      for (int i = 0; i < 10; i++) {
        RequestLimits.Admission admission = (i % 2 == 0 ? first : second).admit(caller);
        assertThat(admission.refusal()).as("request %d; log %s", i + 1, log)
            .isEqualTo(i < 5 ? OptionalLong.empty() : OptionalLong.of(12));
        assertThat(admission.admitSite(site, 1000)).isEmpty();
      }
      assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
    }
  }

  @Test
  void aRedisSlowerThanTheBoundSwitchesOnceAndDoesNotFlap() throws Exception {
    redis = RedisServer.started();
    try (DelayingProxy far = new DelayingProxy(redis.port(), 100)) {
      RequestLimits limits = new RequestLimits(shared(redis.urlAt(far.port()), TIMEOUT), 1000, 1000);

      for (int i = 0; i < 40; i++) {
        // Two calls of 100 ms each: more than the 150 ms one request may wait.
        limits.admit(uniqueKey()).admitSite("shop", 1000);
        Thread.sleep(60);
      }
      assertThat(log).as("at most one switch each way").filteredOn(line -> line.startsWith("WARNING")).hasSize(1);
      assertThat(log).filteredOn(line -> line.startsWith("INFO")).hasSizeLessThanOrEqualTo(1);
      assertThat(log.getLast()).startsWith("WARNING");
    }
  }

  @Test
  void startsWithoutRedisWithinTheTimeoutCountingHereAndSharesOnceRedisIsUp() throws Exception {
    redis = RedisServer.notStarted();
    Buckets first = shared(redis.url());
    Budget budget = new Budget("caller", 2);
    String caller = uniqueKey();

    assertThat(log).singleElement().asString()
        .startsWith("WARNING Redis at redis://127.0.0.1:" + redis.port() + "/0 (with password) did not answer")
        .contains("counted on this instance");
    assertThat(first.tryConsume(budget, caller)).isEmpty();
    assertThat(first.tryConsume(budget, caller)).isEmpty();
    assertThat(first.tryConsume(budget, caller)).as("counted here meanwhile").isEqualTo(OptionalLong.of(30));

    redis.start();
    Buckets second = shared(redis.url());
    awaitTrue(() -> {
      first.tryConsume(new Budget("traffic", 1000), "x");
      return log.stream().filter(line -> line.startsWith("INFO")).count() == 2;
    });
    String shared = uniqueKey();
    assertThat(first.tryConsume(budget, shared)).isEmpty();
    assertThat(second.tryConsume(budget, shared)).isEmpty();
    assertThat(first.tryConsume(budget, shared)).as("counted in Redis again").isEqualTo(OptionalLong.of(30));
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).hasSize(1);
  }

  @Test
  void aHungRedisAtStartCostsOneTimeout() throws Exception {
    redis = RedisServer.started();
    redis.pause();
    long started = System.nanoTime();
    Buckets buckets = shared(redis.url(), TIMEOUT);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    // Generous on a shared machine: the client's own start-up plus the 150 ms, never Lettuce's 10 s.
    assertThat(tookMs).isLessThan(3_000);
    assertThat(log).singleElement().asString().startsWith("WARNING");
    assertThat(buckets.tryConsume(new Budget("caller", 1), "a")).isEmpty();
    assertThat(buckets.tryConsume(new Budget("caller", 1), "a")).isEqualTo(OptionalLong.of(60));
  }

  @Test
  void aCallThatTimedOutIsNotCountedInRedisOnceItAnswers() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = shared(redis.url());
    String caller = uniqueKey();

    redis.pause();
    assertThat(buckets.tryConsume(new Budget("caller", 5), caller)).as("counted here").isEmpty();
    Thread.sleep(300);
    redis.resume();
    awaitTrue(() -> {
      buckets.tryConsume(new Budget("traffic", 1000), "x");
      return log.size() == 3;
    });
    assertThat(log.get(2)).startsWith("INFO");
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(connection.sync().exists("live-token:caller:" + caller))
          .as("the call Redis ran after the request had stopped waiting changed nothing").isZero();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aHungThenDeadThenRestartedRedisCostsOneWaitOneWarningAndOneRecovery() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = shared(redis.url());
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
    assertThat(waits).allSatisfy(ms -> assertThat(ms).isLessThan(ROOMY.toMillis() + 1000));
    assertThat(waits.subList(1, waits.size())).allSatisfy(ms -> assertThat(ms).isLessThan(ROOMY.toMillis() / 2));
    assertThat(log).singleElement().asString().startsWith("WARNING");
    assertThat(buckets.shared()).isFalse();
    assertThat(buckets.fallbacks()).as("one fallback, however many requests it covered").isEqualTo(1);

    redis.start();
    awaitTrue(() -> {
      buckets.tryConsume(new Budget("traffic", 1000), "x");
      return log.size() == 2;
    });
    assertThat(log.get(1)).startsWith("INFO Rate limits are counted in Redis at redis://127.0.0.1:" + redis.port());
    assertThat(buckets.shared()).isTrue();
    assertThat(buckets.fallbacks()).isEqualTo(1);
    Buckets other = shared(redis.url());
    String shared = uniqueKey();
    for (int i = 0; i < 3; i++) {
      assertThat((i % 2 == 0 ? buckets : other).tryConsume(budget, shared)).isEmpty();
    }
    assertThat(buckets.tryConsume(budget, shared)).as("shared again").isEqualTo(OptionalLong.of(20));
  }

  @Test
  void aReconnectOpensAFreshConnection() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = shared(redis.url());
    redis.kill();
    redis.start();

    buckets.reconnect();
    String caller = uniqueKey();
    assertThat(buckets.tryConsume(new Budget("caller", 1), caller)).isEmpty();
    assertThat(shared(redis.url()).tryConsume(new Budget("caller", 1), caller)).as("counted in Redis")
        .isEqualTo(OptionalLong.of(60));
    assertThat(log).filteredOn(line -> line.startsWith("WARNING")).isEmpty();
  }

  @Test
  void overTlsWithTheCaFileTwoInstancesShareOneBucket() throws Exception {
    redis = RedisServer.startedWithTls();
    RedisAddress address = RedisAddress.parse(redis.tlsUrl()).withCaFile(Optional.of(redis.caFile().toString()));
    Buckets first = Buckets.shared(address, TLS_ROOMY, this::log);
    Buckets second = Buckets.shared(address, TLS_ROOMY, this::log);
    String caller = uniqueKey();

    for (int i = 0; i < 4; i++) {
      assertThat((i % 2 == 0 ? first : second).tryConsume(new Budget("caller", 4), caller)).as("%s", log).isEmpty();
    }
    assertThat(first.tryConsume(new Budget("caller", 4), caller)).as("%s", log).isEqualTo(OptionalLong.of(15));
    assertThat(log).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("INFO"));
    assertThat(String.join("\n", log)).doesNotContain("BEGIN CERTIFICATE",
        Files.readString(redis.caFile()).lines().skip(1).findFirst().orElseThrow());
  }

  @Test
  void overTlsWithoutTheCaFileTheCertificateIsRefusedAndCountingFallsBack() throws Exception {
    redis = RedisServer.startedWithTls();
    Buckets buckets = Buckets.shared(RedisAddress.parse(redis.tlsUrl()), ROOMY, this::log);

    assertThat(buckets.tryConsume(new Budget("caller", 1), "a")).isEmpty();
    assertThat(buckets.tryConsume(new Budget("caller", 1), "a")).as("counted here").isEqualTo(OptionalLong.of(60));
    assertThat(log).singleElement().asString().startsWith("WARNING Redis at rediss://127.0.0.1:" + redis.port());
  }

  @Test
  void aPlainConnectionToATlsOnlyRedisFallsBack() throws Exception {
    redis = RedisServer.startedWithTls();
    Buckets buckets = shared(redis.url());

    assertThat(buckets.tryConsume(new Budget("caller", 1), "a")).isEmpty();
    assertThat(log).singleElement().asString().startsWith("WARNING");
  }

  @Test
  void aWrongPasswordFallsBackWithoutSayingThePassword() throws Exception {
    redis = RedisServer.started();
    Buckets buckets = shared(redis.url().replace(RedisServer.PASSWORD, "wrong-pw-77"));

    Budget budget = new Budget("caller", 1);
    assertThat(buckets.tryConsume(budget, "a")).isEmpty();
    assertThat(buckets.tryConsume(budget, "a")).isEqualTo(OptionalLong.of(60));
    assertThat(log).singleElement().asString().startsWith("WARNING").doesNotContain("wrong-pw-77");
  }

  private Buckets shared(String url) {
    return shared(url, ROOMY);
  }

  private Buckets shared(String url, Duration timeout) {
    return Buckets.shared(RedisAddress.parse(url), timeout, this::log);
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
