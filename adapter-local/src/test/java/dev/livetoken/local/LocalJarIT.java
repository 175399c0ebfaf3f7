package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as plainly as README allows: {@code java -jar adapter-local/target/live-token-local.jar}. */
class LocalJarIT {

  @TempDir Path workDir;
  private FakeGeminiApi gemini;
  private LocalProcess process;

  @BeforeEach
  void startFake() {
    gemini = new FakeGeminiApi();
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.close();
    }
    gemini.close();
  }

  @Test
  void servesTokensWithSettingsFromDotEnvAndTheEnvironmentWinning() throws Exception {
    Files.writeString(workDir.resolve(".env"), """
        # like the Node server's .env
        GEMINI_API_KEY=%s
        GEMINI_BASE_URL=%s
        ALLOWED_ORIGINS=https://from-dotenv.example
        SERVER_THREADS=64
        """.formatted(FakeGeminiApi.API_KEY, gemini.baseUrl()));
    String base = start(Map.of("ALLOWED_ORIGINS", "https://from-env.example"));

    Reply allowed = new HttpTarget(base).send(Call.post("{\"pageContent\":\"private page text\"}")
        .header("Origin", "https://from-env.example"));
    Reply refused = new HttpTarget(base).send(Call.post("{}").header("Origin", "https://from-dotenv.example"));

    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(refused.status()).isEqualTo(403);
    String log = process.stop();
    assertThat(log).contains("listening on http://localhost:" + base.substring(base.lastIndexOf(':') + 1) + "/api/token");
    assertThat(log).doesNotContain(FakeGeminiApi.API_KEY, FakeGeminiApi.TOKEN_NAME, "private page text");
    assertThat(log).contains("SERVER_THREADS is ignored");
  }

  @Test
  void startsWithoutAKeyAndSaysSoOnce() throws Exception {
    String base = start(Map.of("GEMINI_BASE_URL", gemini.baseUrl()));

    Reply reply = new HttpTarget(base).send(Call.post("{}"));
    new HttpTarget(base).send(Call.post("{}"));

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("error").asText()).isEqualTo("Server configuration error");
    String log = process.stop();
    assertThat(log.split("GEMINI_API_KEY is not set", -1)).hasSize(2);
  }

  @Test
  void aMalformedSettingStopsStartUpNamingTheVariable() throws Exception {
    for (String name : List.of("PORT", "REQUEST_TIMEOUT_SECONDS", "MAX_CONNECTIONS", "RATE_LIMIT_PER_MINUTE")) {
      process = LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")), workDir,
          Map.of(name, "abc"));

      assertThat(process.awaitExit(Duration.ofSeconds(60))).as(name).isEqualTo(2);
      assertThat(process.output()).as(name)
          .contains("Not started: " + name + " must be a whole number between")
          .doesNotContain("NumberFormatException", "\tat ");
    }
  }

  @Test
  void withoutMetricsPortNoPrometheusClassIsLoaded() throws Exception {
    for (boolean metrics : List.of(false, true)) {
      Path loaded = workDir.resolve("classes-" + metrics + ".log");
      Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "GEMINI_API_KEY", FakeGeminiApi.API_KEY,
          "GEMINI_BASE_URL", gemini.baseUrl()));
      if (metrics) {
        env.put("METRICS_PORT", "0");
      }
      process = LocalProcess.start(List.of(LocalProcess.java(), "-Xlog:class+load=info:file=" + loaded, "-jar",
          System.getProperty("localJar")), workDir, env);
      assertThat(new HttpTarget(process.awaitListening(Duration.ofSeconds(60))).send(Call.post("{}")).status())
          .isEqualTo(200);
      process.stop();
      assertThat(Files.readString(loaded).contains("io.prometheus.")).as("METRICS_PORT set: " + metrics)
          .isEqualTo(metrics);
    }
  }

  @Test
  void theStartUpErrorLineIsJsonWhateverTheSettingHolds() throws Exception {
    String origin = "https://a\"b\\\nc";
    process = LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")), workDir,
        Map.of("ALLOWED_ORIGINS", origin));

    assertThat(process.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
    String line = process.output().lines().filter(l -> l.contains("Not started")).findFirst().orElseThrow();
    JsonNode parsed = new ObjectMapper().readTree(line);
    assertThat(parsed.get("severity").asText()).isEqualTo("ERROR");
    assertThat(parsed.get("message").asText()).isEqualTo(
        "Not started: ALLOWED_ORIGINS entry is not an origin (scheme://host[:port]): " + origin);
  }

  private String start(Map<String, String> env) throws Exception {
    process = LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")), workDir,
        new HashMap<>(env));
    return process.awaitListening(Duration.ofSeconds(60));
  }
}
