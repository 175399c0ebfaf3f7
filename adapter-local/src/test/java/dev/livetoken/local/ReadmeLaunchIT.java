package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's own launch line, run from the repository root as README says, with {@code -XX:AOTMode=on} added:
 * the JVM then refuses to start unless the AOT cache the build trained is usable by this JDK and these jars.
 */
class ReadmeLaunchIT {

  private static final String BUILD_AND_KEY = "mvn -q -B -DskipTests package && GEMINI_API_KEY=your-key ";

  @Test
  void readmesLaunchLineStartsWithItsAotCacheAndServesTokens() throws Exception {
    Path root = Path.of(System.getProperty("repositoryRoot")).toRealPath();
    List<String> command = launchLine(Files.readString(root.resolve("README.md")));
    // The JDK that built the cache (Maven runs on JAVA_HOME), whatever `java` is first on the PATH.
    assertThat(command.getFirst()).isEqualTo("$JAVA_HOME/bin/java");
    String argFile = command.stream().filter(arg -> arg.startsWith("@")).findFirst().orElseThrow();
    assertThat(Files.readString(root.resolve(argFile.substring(1)))).contains("-XX:AOTCache=");

    List<String> strict = new ArrayList<>(command);
    strict.set(0, LocalProcess.java());
    strict.add(1, "-XX:AOTMode=on");
    try (FakeGeminiApi gemini = new FakeGeminiApi()) {
      // It runs in the repository root, where a developer's .env may sit: a variable set, even empty, wins over it.
      Map<String, String> env = new HashMap<>();
      for (String name : List.of("ALLOWED_ORIGINS", "ALLOWED_MODELS", "RATE_LIMIT_PER_MINUTE", "TRUSTED_PROXIES",
          "MAX_BODY_BYTES", "MAX_PAGE_CONTENT_CHARS", "UPSTREAM_TIMEOUT_MS", "REQUEST_TIMEOUT_SECONDS",
          "MAX_CONNECTIONS", "SERVER_THREADS")) {
        env.put(name, "");
      }
      env.putAll(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl(),
          "REQUEST_LOG", "false"));
      serveATokenWith(strict, root, env);
    }
  }

  private static void serveATokenWith(List<String> command, Path root, Map<String, String> env) throws Exception {
    try (LocalProcess server = LocalProcess.start(command, root, env)) {
      Reply reply = new HttpTarget(server.awaitListening(Duration.ofSeconds(60))).send(Call.post("{}"));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
      assertThat(server.stop()).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");
    }
  }

  /** The words after "GEMINI_API_KEY=your-key" on README's first command line. */
  private static List<String> launchLine(String readme) {
    String line = readme.lines().filter(l -> l.startsWith(BUILD_AND_KEY)).findFirst()
        .orElseThrow(() -> new AssertionError("README has no line starting with: " + BUILD_AND_KEY));
    return Arrays.asList(line.substring(BUILD_AND_KEY.length()).trim().split("\\s+"));
  }
}
