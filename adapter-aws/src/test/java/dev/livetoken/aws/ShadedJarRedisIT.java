package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.RedisServer;
import dev.livetoken.contract.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two execution environments of the deployable jar, each under AWS's runtime interface client, sharing one real
 * redis-server through REDIS_URL: the shaded Lettuce and Netty work, and a caller going to either gets exactly
 * one allowance.
 */
class ShadedJarRedisIT {

  private static final EventShape SHAPE = EventShape.HTTP_API;

  @Test
  void twoExecutionEnvironmentsShareOnePerCallerAllowance() throws Exception {
    try (FakeGeminiApi gemini = new FakeGeminiApi(); RedisServer redis = RedisServer.started()) {
      Map<String, String> environment = Map.of(
          "GEMINI_API_KEY", FakeGeminiApi.API_KEY,
          "GEMINI_BASE_URL", gemini.baseUrl(),
          "RATE_LIMIT_PER_MINUTE", "3",
          "REDIS_URL", redis.url(),
          // Two JVMs starting on a shared two-core machine can be kept off the CPU for longer than the default
          // 150 ms while they connect; that each starts within its bound is SharedBucketsTest's subject.
          "REDIS_TIMEOUT_MS", "3000");
      LambdaDoor door = LambdaDoor.documented().get(0);
      FunctionProcess first = FunctionProcess.asDeployed(door, environment);
      FunctionProcess second = FunctionProcess.asDeployed(door, environment);
      try {
        awaitShared(first);
        awaitShared(second);
        // The SDK's first call in each JVM, from callers of their own.
        assertThat(send(first, "192.0.2.201").status()).isEqualTo(200);
        assertThat(send(second, "192.0.2.202").status()).isEqualTo(200);

        List<Integer> statuses = new ArrayList<>();
        List<Integer> retryAfter = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
          Reply reply = send(i % 2 == 0 ? first : second, "198.51.100.42");
          statuses.add(reply.status());
          retryAfter.add(reply.status() == 429 ? Integer.parseInt(reply.header("Retry-After")) : 0);
        }
        double elapsedSeconds = (System.nanoTime() - started) / 1e9;

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
        // 3 a minute: one back every 20 s, less what refilled meanwhile (exactly 20 when under a second).
        int earliest = (int) Math.ceil(20 - elapsedSeconds);
        assertThat(retryAfter.subList(3, 6)).allSatisfy(seconds -> assertThat(seconds).isBetween(earliest, 20));
        assertThat(gemini.tokenRequestCount()).isEqualTo(2 + 3);
        assertThat(first.output() + second.output()).doesNotContain(RedisServer.PASSWORD, FakeGeminiApi.API_KEY)
            .doesNotContain("\"severity\":\"WARNING\",\"message\":\"Redis");
      } finally {
        first.close();
        second.close();
      }
    }
  }

  private static Reply send(FunctionProcess process, String sourceIp) throws Exception {
    return SHAPE.reply(process.invoke(SHAPE.event(Call.post("{}"), sourceIp)));
  }

  private static void awaitShared(FunctionProcess process) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!process.output().contains("Rate limits are counted in Redis")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not shared within 30 s:\n" + process.output());
      }
      Thread.sleep(100);
    }
  }
}
