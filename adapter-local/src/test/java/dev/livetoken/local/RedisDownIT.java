package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with REDIS_URL naming a Redis that is not there: it starts, serves and counts by itself. */
class RedisDownIT {

  @TempDir Path workDir;

  @Test
  void startsServesAndCountsOnThisInstanceSayingSoOnce() throws Exception {
    try (FakeGeminiApi gemini = new FakeGeminiApi()) {
      RedisServer absent = RedisServer.notStarted();
      int port = freePort();
      Path output = workDir.resolve("server.log");
      ProcessBuilder builder = new ProcessBuilder("java", "-jar", System.getProperty("localJar"))
          .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("REDIS_")
          || name.contains("RATE_LIMIT") || name.equals("ALLOWED_ORIGINS") || name.equals("TRUSTED_PROXIES"));
      builder.environment().put("PORT", Integer.toString(port));
      builder.environment().put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
      builder.environment().put("GEMINI_BASE_URL", gemini.baseUrl());
      builder.environment().put("REDIS_URL", absent.url());
      builder.environment().put("RATE_LIMIT_PER_MINUTE", "3");
      Process process = builder.start();
      try {
        String base = "http://127.0.0.1:" + port;
        HttpTarget.awaitListening(base, Duration.ofSeconds(60));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          statuses.add(new HttpTarget(base).send(Call.post("{}")).status());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        // The failed connection attempt is reported once it has failed, on a busy machine seconds later.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(output).contains("did not answer in time") && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        new HttpTarget(base).send(Call.post("{}"));
      } finally {
        process.destroy();
        process.waitFor();
      }
      String log = Files.readString(output);
      assertThat(log.split("did not answer in time", -1)).as(log).hasSize(2);
      assertThat(log).doesNotContain(RedisServer.PASSWORD, "Rate limits are counted in Redis", "sun.misc.Unsafe::allocate");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
