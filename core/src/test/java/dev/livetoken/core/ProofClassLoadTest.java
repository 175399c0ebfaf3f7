package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a fresh JVM loads for one token request: with no proof configured nothing of the JWT library; with ID
 * tokens configured against an issuer that cannot be reached, the library, and a 503 instead of a failed start.
 */
class ProofClassLoadTest {

  @Test
  void withNoProofConfiguredTheJwtLibraryIsNeverLoaded() throws Exception {
    String loaded = probe(Map.of());

    assertThat(loaded).contains(" dev.livetoken.core.proof.CallerProofs ").contains("status=500");
    assertThat(loaded).doesNotContain("com.nimbusds");
  }

  @Test
  void withIdTokensAgainstAnUnreachableIssuerTheProcessStartsAndAnswers503() throws Exception {
    String loaded = probe(Map.of("AUTH_ISSUER", "http://127.0.0.1:9/issuer", "AUTH_AUDIENCE", "a",
        "PROOF_TIMEOUT_MS", "500"));

    assertThat(loaded).contains(" com.nimbusds.jose.util.DefaultResourceRetriever ").contains("status=503");
  }

  /** Starts a JVM on the test class path that serves one token request with these settings. */
  private static String probe(Map<String, String> settings) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), Probe.class.getName())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_") || name.startsWith("APP_CHECK_")
        || name.startsWith("TURNSTILE_") || name.equals("GEMINI_API_KEY"));
    builder.environment().putAll(settings);
    builder.environment().put("REQUEST_LOG", "false");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(output, StandardCharsets.UTF_8);
  }

  /** The probe's JVM: one endpoint, one token request with a bearer token, its status printed. */
  static final class Probe {
    public static void main(String[] args) {
      TokenEndpoint endpoint = TokenEndpoint.create(Settings.fromEnvironment());
      EndpointResponse response = endpoint.handle(
          new EndpointRequest("probe", "POST", "/api/token", Map.of("Authorization", "Bearer a.b.c"), null,
              "127.0.0.1"));
      System.out.println("status=" + response.status());
      System.exit(0);
    }
  }
}
