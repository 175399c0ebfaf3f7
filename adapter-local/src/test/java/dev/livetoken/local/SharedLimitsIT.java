package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.RedisServer;
import dev.livetoken.contract.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two local-door processes (the packaged jar) sharing one real redis-server: the per-caller and the global
 * allowance hold across both, and Redis hanging, dying and coming back costs no 5xx and no slow answer.
 * Callers are told apart by X-Forwarded-For, which the servers believe from 127.0.0.1 (TRUSTED_PROXIES).
 */
class SharedLimitsIT {

  private static final int PER_CALLER = 4;
  private static final int GLOBAL = 12;
  // Generous: on a busy shared machine a fresh JVM can take tens of seconds to load Lettuce and connect.
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path workDir;
  private FakeGeminiApi gemini;
  private RedisServer redis;
  private final List<LocalProcess> servers = new ArrayList<>();
  private HttpTarget first;
  private HttpTarget second;

  @BeforeEach
  void start() throws Exception {
    gemini = new FakeGeminiApi();
    redis = RedisServer.started();
    first = startServer("first");
    second = startServer("second");
    awaitTrue(() -> countLines("Rate limits are counted in Redis") == 2);
    // One token each, so that the SDK's first-call set-up is behind us: later requests are quick.
    assertThat(post(first, "192.0.2.250").status()).isEqualTo(200);
    assertThat(post(second, "192.0.2.251").status()).isEqualTo(200);
  }

  @AfterEach
  void stop() throws Exception {
    List<String> outputs = new ArrayList<>();
    for (LocalProcess server : servers) {
      outputs.add(server.stop());
    }
    redis.close();
    gemini.close();
    for (String output : outputs) {
      assertThat(output).as("no secret in a server's output").doesNotContain(RedisServer.PASSWORD, FakeGeminiApi.API_KEY);
    }
  }

  @Test
  void aCallerAlternatingBetweenInstancesGetsExactlyThePerCallerAllowance() throws Exception {
    List<Reply> replies = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      replies.add(post(i % 2 == 0 ? first : second, "198.51.100.7"));
    }
    double elapsedSeconds = (System.nanoTime() - started) / 1e9;

    assertThat(replies).extracting(Reply::status)
        .containsExactly(200, 200, 200, 200, 429, 429, 429, 429, 429, 429);
    // 4 a minute: one back every 15 s, less what has refilled since the first request: exactly 15 when all
    // ten took under a second, as they do on a quiet machine.
    int earliest = (int) Math.ceil(15 - elapsedSeconds);
    assertThat(replies.subList(4, 10)).extracting(reply -> Integer.parseInt(reply.header("Retry-After")))
        .allSatisfy(seconds -> assertThat(seconds).isBetween(earliest, 15));
    assertThat(gemini.tokenRequestCount()).as("no upstream call for a refusal").isEqualTo(2 + PER_CALLER);
    // The same caller's other addresses in its IPv6 /64 are the same caller.
    assertThat(post(first, "2001:db8:7:7::1").status()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(post(second, "2001:db8:7:7:" + i + "::2").status()).isEqualTo(200);
    }
    assertThat(post(first, "2001:db8:7:7:ffff::3").status()).isEqualTo(429);
    assertThat(post(second, "2001:db8:7:8::1").status()).as("the next /64").isEqualTo(200);
  }

  @Test
  void twoInstancesStartedTogetherShareOneAllowanceFromTheirFirstRequest() throws Exception {
    List<LocalProcess> fresh = new ArrayList<>();
    for (String name : List.of("third", "fourth")) {
      fresh.add(LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")),
          Files.createDirectories(workDir.resolve(name)), Map.of(
              "GEMINI_API_KEY", FakeGeminiApi.API_KEY,
              "GEMINI_BASE_URL", gemini.baseUrl(),
              "REDIS_URL", redis.url(),
              "RATE_LIMIT_PER_MINUTE", "6",
              "TRUSTED_PROXIES", "127.0.0.1",
              // Four JVMs starting on a shared two-core machine can be kept off the CPU for longer than 500 ms
              // while connecting; that each starts within its bound is SharedBucketsTest's subject.
              "REDIS_TIMEOUT_MS", "3000")));
    }
    servers.addAll(fresh);
    List<HttpTarget> targets = new ArrayList<>();
    for (LocalProcess server : fresh) {
      targets.add(new HttpTarget(server.awaitListening(Duration.ofSeconds(60))));
    }

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      statuses.add(post(targets.get(i % 2), "198.51.100.66").status());
    }
    assertThat(statuses).as(this::outputs).filteredOn(status -> status == 200).hasSize(6);
    for (LocalProcess server : fresh) {
      assertThat(server.output()).doesNotContain("did not answer in time");
    }
  }

  @Test
  void manyCallersTogetherGetExactlyTheGlobalAllowance() throws Exception {
    List<Callable<Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String caller = "203.0.113." + i;
      HttpTarget target = i % 2 == 0 ? first : second;
      calls.add(() -> post(target, caller));
    }
    List<Reply> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<Reply> reply : pool.invokeAll(calls)) {
        replies.add(reply.get());
      }
    }

    // The two warm-up requests took 2 of the 10.
    assertThat(replies).as(this::outputs).filteredOn(reply -> reply.status() == 200).hasSize(GLOBAL - 2);
    assertThat(replies).filteredOn(reply -> reply.status() == 429).hasSize(24 - (GLOBAL - 2))
        .allSatisfy(reply -> assertThat(Integer.parseInt(reply.header("Retry-After"))).isBetween(1, 5));
    assertThat(gemini.tokenRequestCount()).isEqualTo(GLOBAL);
  }

  @Test
  void redisPausedKilledAndRestartedCostsNoErrorNoSlowAnswerAndCountingIsSharedAgain() throws Exception {
    redis.pause();
    List<Long> latencies = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      timed(i % 2 == 0 ? first : second, "198.51.100." + (i % 5), latencies, statuses);
    }
    awaitTrue(() -> countLines("did not answer in time") == 2);

    redis.kill();
    for (int i = 0; i < 20; i++) {
      timed(i % 2 == 0 ? first : second, "198.51.100." + (i % 5), latencies, statuses);
      Thread.sleep(25);
    }

    redis.start();
    awaitTrue(() -> {
      try {
        timed(first, "192.0.2.100", latencies, statuses);
        timed(second, "192.0.2.100", latencies, statuses);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return countLines("Rate limits are counted in Redis") == 4;
    });

    assertThat(statuses).containsOnly(200, 429);
    assertThat(latencies).as("each answered within about a second").allSatisfy(ms -> assertThat(ms).isLessThan(1500));
    // Each process said once that it fell back, and once more (after start-up) that counting is shared again.
    for (LocalProcess server : servers) {
      List<String> lines = server.output().lines().toList();
      assertThat(lines).as(server.output())
          .filteredOn(line -> line.contains("\"message\":\"Redis") || line.contains("Rate limits are counted"))
          .hasSize(3)
          .satisfiesExactly(
              line -> assertThat(line).contains("\"severity\":\"INFO\"", "counted in Redis"),
              line -> assertThat(line).contains("\"severity\":\"WARNING\"", "did not answer in time"),
              line -> assertThat(line).contains("\"severity\":\"INFO\"", "counted in Redis"));
      assertThat(lines).filteredOn(line -> line.contains("\"severity\":\"WARNING\"")
          && !line.contains("\"message\":\"token request\"")).hasSize(1);
    }
    String caller = "198.51.100.77";
    List<Integer> shared = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      shared.add(post(i % 2 == 0 ? first : second, caller).status());
    }
    assertThat(shared).containsExactly(200, 200, 200, 200, 429, 429);
  }

  private void timed(HttpTarget target, String caller, List<Long> latencies, List<Integer> statuses)
      throws Exception {
    long started = System.nanoTime();
    Reply reply = post(target, caller);
    latencies.add((System.nanoTime() - started) / 1_000_000);
    statuses.add(reply.status());
  }

  private static Reply post(HttpTarget target, String caller) throws Exception {
    return target.send(Call.post("{}").header("X-Forwarded-For", caller));
  }

  private HttpTarget startServer(String name) throws Exception {
    LocalProcess server = LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")),
        Files.createDirectories(workDir.resolve(name)), Map.of(
            "GEMINI_API_KEY", FakeGeminiApi.API_KEY,
            "GEMINI_BASE_URL", gemini.baseUrl(),
            "REDIS_URL", redis.url(),
            "RATE_LIMIT_PER_MINUTE", Integer.toString(PER_CALLER),
            "GLOBAL_RATE_LIMIT_PER_MINUTE", Integer.toString(GLOBAL),
            "TRUSTED_PROXIES", "127.0.0.1",
            // Above the default (150): two JVMs starting on a shared two-core machine can stall a first command
            // that long, and these cases count on Redis answering (falling back is the last case's subject).
            "REDIS_TIMEOUT_MS", "500"));
    servers.add(server);
    return new HttpTarget(server.awaitListening(Duration.ofSeconds(60)));
  }

  private String outputs() {
    StringBuilder text = new StringBuilder();
    for (LocalProcess server : servers) {
      try {
        text.append(server.output()).append('\n');
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return text.toString();
  }

  private long countLines(String text) {
    return outputs().lines().filter(line -> line.contains(text)).count();
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PATIENCE);
      }
      Thread.sleep(100);
    }
  }
}
