package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.SettingNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

      assertThat(response).isEqualTo(new TokenResponse(FakeGeminiApi.TOKEN_NAME));
      assertThat(gemini.tokenRequestCount()).isEqualTo(1);
      assertThat((Object) catalog.lookup(TokenConfiguration.ENDPOINT_FUNCTION)).isNotNull();
    }
  }
}
