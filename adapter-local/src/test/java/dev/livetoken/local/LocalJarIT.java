package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started the way README says: {@code java -jar adapter-local/target/live-token-local.jar}. */
class LocalJarIT {

  @TempDir Path workDir;
  private FakeGeminiApi gemini;
  private Process process;
  private Path output;

  @BeforeEach
  void startFake() {
    gemini = new FakeGeminiApi();
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
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
        """.formatted(FakeGeminiApi.API_KEY, gemini.baseUrl()));
    int port = freePort();
    String base = start(port, Map.of("ALLOWED_ORIGINS", "https://from-env.example"));

    Reply allowed = new HttpTarget(base).send(Call.post("{\"pageContent\":\"private page text\"}")
        .header("Origin", "https://from-env.example"));
    Reply refused = new HttpTarget(base).send(Call.post("{}").header("Origin", "https://from-dotenv.example"));

    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(refused.status()).isEqualTo(403);
    String log = stopAndReadOutput();
    assertThat(log).contains("listening on http://localhost:" + port + "/api/token");
    assertThat(log).doesNotContain(FakeGeminiApi.API_KEY, FakeGeminiApi.TOKEN_NAME, "private page text");
  }

  @Test
  void startsWithoutAKeyAndSaysSoOnce() throws Exception {
    String base = start(freePort(), Map.of("GEMINI_BASE_URL", gemini.baseUrl()));

    Reply reply = new HttpTarget(base).send(Call.post("{}"));
    new HttpTarget(base).send(Call.post("{}"));

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("error").asText()).isEqualTo("Server configuration error");
    String log = stopAndReadOutput();
    assertThat(log.split("GEMINI_API_KEY is not set", -1)).hasSize(2);
  }

  private String start(int port, Map<String, String> env) throws Exception {
    output = workDir.resolve("server.log");
    ProcessBuilder builder = new ProcessBuilder("java", "-jar", System.getProperty("localJar"))
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("GEMINI_") || name.equals("ALLOWED_ORIGINS"));
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(port));
    process = builder.start();
    String base = "http://127.0.0.1:" + port;
    HttpTarget.awaitListening(base, Duration.ofSeconds(60));
    return base;
  }

  private String stopAndReadOutput() throws Exception {
    process.destroy();
    process.waitFor();
    return Files.readString(output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
