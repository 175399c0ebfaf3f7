package dev.livetoken.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.functions.HttpFunction;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.SettingNames;
import dev.livetoken.contract.TokenContract;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract through the lean door's {@link TokenHttpFunction} in this JVM, with the request and response
 * objects the Functions Framework hands it ({@link FrameworkExchange}), so that mutation testing sees
 * {@link Exchange}. {@link InvokerContractIT} runs the same cases, and those that exercise the door as a whole,
 * under Google's real invoker.
 */
class FrameworkContractTest extends TokenContract {

  @Override
  protected ContractTarget start(Map<String, String> environment) throws Exception {
    HttpFunction function = construct(environment, TokenHttpFunction::new);
    return call -> FrameworkExchange.serve(function, call).reply();
  }

  /** No transport: only what the function itself wrote. */
  @Override
  protected Set<String> transportHeaders() {
    return Set.of();
  }

  @Override
  protected boolean runsDoorWideCases() {
    return false;
  }

  @Test
  void theAnswerIsWrittenAsTheCoreGaveItAndItsBodyStreamClosed() throws Exception {
    HttpFunction function = construct(standardEnvironment(), TokenHttpFunction::new);

    FrameworkExchange.Recorded minted = FrameworkExchange.serve(function,
        Call.post("{}").to("/api/token?v=2").header("Origin", "https://anywhere.example"));
    FrameworkExchange.Recorded preflight = FrameworkExchange.serve(function, Call.of("OPTIONS", "/api/token")
        .header("Origin", "https://anywhere.example").header("Access-Control-Request-Method", "POST"));

    assertThat(minted.status()).isEqualTo(200);
    assertThat(minted.headers()).contains(Map.entry("Content-Type", "application/json"),
        Map.entry("Cache-Control", "no-store"), Map.entry("Access-Control-Allow-Origin", "*"));
    assertThat(minted.reply().json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(minted.closed()).isTrue();
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers()).contains(Map.entry("Access-Control-Allow-Methods", "POST, OPTIONS"));
    assertThat(preflight.body()).isEmpty();
  }

  @Test
  void theCallerIsTheRightmostForwardedForEntryTheFrontEndAppends() throws Exception {
    HttpFunction function = construct(with("RATE_LIMIT_PER_MINUTE", "1"), TokenHttpFunction::new);

    assertThat(status(function, Call.post("{}").header("X-Forwarded-For", "198.51.100.7"))).isEqualTo(200);
    assertThat(status(function, Call.post("{}").header("X-Forwarded-For", "203.0.113.9, 198.51.100.7")))
        .as("a caller-written entry on the left buys no fresh bucket").isEqualTo(429);
    assertThat(status(function, Call.post("{}").header("X-Forwarded-For", "198.51.100.8"))).isEqualTo(200);
  }

  @Test
  void theSpringDoorServesTheSameExchangeAndRefusesEvents() throws Exception {
    SpringTokenFunction function = construct(standardEnvironment(), SpringTokenFunction::new);

    assertThat(FrameworkExchange.serve(function, Call.post("{\"voice\":\"Puck\"}").to("/?v=2")).reply().json()
        .get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(FrameworkExchange.serve(function, Call.of("GET", "/api/token")).status()).isEqualTo(405);
    assertThatThrownBy(() -> function.accept("{}", null)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("The token function has an HTTP trigger only");
  }

  private static int status(HttpFunction function, Call call) throws Exception {
    return FrameworkExchange.serve(function, call).status();
  }

  /** Builds a function as an instance would, with exactly these settings. */
  private static <T> T construct(Map<String, String> environment, Callable<T> constructor) throws Exception {
    return SettingNames.whileSetAsProperties(environment, constructor);
  }
}
