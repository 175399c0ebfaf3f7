package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with REDIS_URL naming a Redis that is not there: it starts, serves and counts by itself. */
class RedisDownIT {

  @TempDir Path workDir;

  @Test
  void startsServesAndCountsOnThisInstanceSayingSoOnce() throws Exception {
    RedisServer absent = RedisServer.notStarted();
    try (FakeGeminiApi gemini = new FakeGeminiApi();
        LocalProcess server = LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")),
            workDir, Map.of(
                "GEMINI_API_KEY", FakeGeminiApi.API_KEY,
                "GEMINI_BASE_URL", gemini.baseUrl(),
                "REDIS_URL", absent.url(),
                "RATE_LIMIT_PER_MINUTE", "3"))) {
      HttpTarget target = new HttpTarget(server.awaitListening(Duration.ofSeconds(60)));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add(target.send(Call.post("{}")).status());
      }

      assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
      // The failed connection attempt is reported once it has failed, on a busy machine seconds later.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!server.output().contains("did not answer in time") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      target.send(Call.post("{}"));
      String log = server.stop();
      assertThat(log.split("did not answer in time", -1)).as(log).hasSize(2);
      assertThat(log).doesNotContain(RedisServer.PASSWORD, "Rate limits are counted in Redis", "sun.misc.Unsafe::allocate");
    }
  }
}
