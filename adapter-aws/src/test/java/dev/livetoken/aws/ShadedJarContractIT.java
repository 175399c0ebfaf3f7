package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.TokenContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract through the deployable jar itself, in a fresh JVM per configuration with the settings as
 * environment variables: catches what the shading (merged Spring factories, minimised dependencies, the
 * shipped logging configuration) could break. Events arrive as a Function URL sends them (base64 bodies).
 */
class ShadedJarContractIT extends TokenContract {

  private static final EventShape SHAPE = EventShape.FUNCTION_URL;
  private static final String PAGE = "Order for a signed-in customer";

  private final Map<Map<String, String>, JarProcess> processes = new HashMap<>();

  /**
   * The configurations whose cases mint are started and sent one token request before any case runs: in a
   * cold JVM on a shared two-core machine, the SDK's first call can outlast the contract's 1.5 s upstream
   * timeout (in production the timeout is 10 s, and SnapStart restores a started JVM).
   */
  @BeforeAll
  void startAndWarmTheMintingConfigurations() throws Exception {
    for (Map<String, String> environment : List.of(
        standardEnvironment(), allowlist(), with("RATE_LIMIT_PER_MINUTE", "2"), with("MAX_BODY_BYTES", "1024"))) {
      JarProcess process = new JarProcess(environment);
      processes.put(Map.copyOf(environment), process);
      SHAPE.reply(process.invoke(SHAPE.event(Call.post("{}"), "192.0.2.200")));
    }
    gemini.reset();
  }

  /** The proxy response carries the core's headers and nothing else: no HTTP server of ours in between. */
  @Override
  protected Set<String> transportHeaders() {
    return Set.of();
  }

  @AfterAll
  void stopTheJars() {
    processes.values().forEach(JarProcess::close);
  }

  @Override
  protected ContractTarget start(Map<String, String> environment) throws Exception {
    JarProcess process = processes.get(environment);
    if (process == null) {
      process = new JarProcess(environment);
      processes.put(Map.copyOf(environment), process);
    }
    return process.target(SHAPE);
  }

  @Test
  void theJarLogsNeitherThePageNorTheKey() throws Exception {
    Call call = Call.post("{\"pageContent\":\"" + PAGE + "\"}");
    assertThat(send(call).status()).isEqualTo(200);
    assertThat(send(call.header("Content-Type", "text/plain")).status()).isEqualTo(200);

    String output = processes.get(standardEnvironment()).output();

    assertThat(output).contains("\"message\":\"token request\"");
    assertThat(output).doesNotContain("signed-in").doesNotContain(FakeGeminiApi.API_KEY).doesNotContain("Received:");
  }
}
