package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.FakeGeminiApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring wiring, under Spring Cloud Function's own runner: its catalog finds and runs the function. */
class TokenConfigurationTest {

  @RegisterExtension
  static final FakeGeminiApi gemini = new FakeGeminiApi();

  @Test
  void springCloudFunctionsCatalogFindsBothFunctions() {
    try (ConfigurableApplicationContext context = FunctionalSpringApplication.run(
        TokenConfiguration.class, "--spring.main.banner-mode=off",
        "--GEMINI_API_KEY=" + FakeGeminiApi.API_KEY, "--GEMINI_BASE_URL=" + gemini.baseUrl())) {
      FunctionCatalog catalog = context.getBean(FunctionCatalog.class);

      Object response = catalog.<java.util.function.Function<TokenRequest, TokenResponse>>lookup(
          TokenConfiguration.TOKEN_FUNCTION).apply(new TokenRequest(null, "Puck", null, null, null, null, null));

      assertThat(response).isInstanceOfSatisfying(TokenResponse.class, token -> {
        assertThat(token.token()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
        assertThat(token.sessionMeta().expireTime()).isEqualTo(
            java.time.Instant.parse(gemini.onlyTokenRequestBody().get("expireTime").asText()));
      });
      assertThat(gemini.tokenRequestCount()).isEqualTo(1);
      assertThat((Object) catalog.lookup(TokenConfiguration.ENDPOINT_FUNCTION)).isNotNull();
    }
  }
}
