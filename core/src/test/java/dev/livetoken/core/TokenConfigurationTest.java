package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.SettingNames;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySourcesPropertyResolver;

/** The Spring wiring, under Spring Cloud Function's own runner: its catalog finds and runs the function. */
class TokenConfigurationTest {

  @RegisterExtension
  static final FakeGeminiApi gemini = new FakeGeminiApi();

  @Test
  void springCloudFunctionsCatalogFindsBothFunctions() {
    // Command-line arguments come first in Spring's environment: every setting is given, blank when unused,
    // so that nothing in this machine's environment leaks in.
    Map<String, String> settings = new LinkedHashMap<>();
    SettingNames.all().forEach(name -> settings.put(name, ""));
    settings.put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
    settings.put("GEMINI_BASE_URL", gemini.baseUrl());
    List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off"));
    settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
    try (ConfigurableApplicationContext context = FunctionalSpringApplication.run(
        TokenConfiguration.class, arguments.toArray(String[]::new))) {
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

  @Test
  void theDoorsServeTheEndpointFunctionUnlessADefinitionNamesAnother() {
    assertThat(TokenConfiguration.definition(properties(Map.of()))).isEqualTo("tokenEndpoint");
    assertThat(TokenConfiguration.definition(properties(Map.of("spring.cloud.function.definition", " ")))).isEqualTo("tokenEndpoint");
    assertThat(TokenConfiguration.definition(properties(Map.of("spring.cloud.function.definition", " token "))))
        .isEqualTo("token");
  }

  @Test
  void theEndpointIsTheCatalogsFunctionCalledThroughItsWrapper() {
    try (ConfigurableApplicationContext context = run()) {
      Function<EndpointRequest, EndpointResponse> endpoint =
          TokenConfiguration.endpoint(context.getBean(FunctionCatalog.class), properties(Map.of()));

      EndpointResponse response = endpoint.apply(new EndpointRequest("test", "POST", "/api/token",
          Map.of("Content-Type", "application/json"),
          new ByteArrayInputStream("{\"voice\":\"Puck\"}".getBytes(StandardCharsets.UTF_8)), "192.0.2.1"));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).startsWith("{\"token\":\"" + FakeGeminiApi.TOKEN_NAME + "\",\"sessionMeta\":{");
      assertThat(gemini.tokenRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aDefinitionNamingNoHttpFunctionStopsTheDoorWithItsName() {
    try (ConfigurableApplicationContext context = run()) {
      FunctionCatalog catalog = context.getBean(FunctionCatalog.class);

      assertThatThrownBy(() -> TokenConfiguration.endpoint(catalog,
          properties(Map.of("spring.cloud.function.definition", "token"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Function 'token' does not take an EndpointRequest to an EndpointResponse, so it cannot serve HTTP requests");
      assertThatThrownBy(() -> TokenConfiguration.endpoint(catalog,
          properties(Map.of("spring.cloud.function.definition", "tokenEndpont"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("No function 'tokenEndpont' in Spring Cloud Function's catalog");
    }
  }

  private static ConfigurableApplicationContext run() {
    return FunctionalSpringApplication.run(TokenConfiguration.class, "--spring.main.banner-mode=off",
        "--GEMINI_API_KEY=" + FakeGeminiApi.API_KEY, "--GEMINI_BASE_URL=" + gemini.baseUrl(), "--REQUEST_LOG=false");
  }

  private static PropertySourcesPropertyResolver properties(Map<String, Object> values) {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new MapPropertySource("test", values));
    return new PropertySourcesPropertyResolver(sources);
  }
}
