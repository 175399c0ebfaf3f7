package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Starting up as on Lambda, under AWS's runtime interface client, for every documented handler: a malformed
 * setting is an init error that names the variable and carries nothing secret; a missing key is not.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.livetoken.aws.LambdaDoor#documented")
class RuntimeClientInitIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeGeminiApi gemini;

  private final LambdaDoor door;

  RuntimeClientInitIT(LambdaDoor door) {
    this.door = door;
  }

  @BeforeAll
  static void startFakeGemini() {
    gemini = new FakeGeminiApi();
  }

  @AfterAll
  static void stopFakeGemini() {
    gemini.close();
  }

  /** The malformed values: a typo, and the key itself pasted into the wrong variable. */
  @ParameterizedTest
  @ValueSource(strings = {"abc", FakeGeminiApi.API_KEY})
  void aMalformedSettingIsReportedAsAnInitErrorNamingItAndNothingSecret(String value) throws Exception {
    try (FunctionProcess function = FunctionProcess.asDeployed(door, settings("RATE_LIMIT_PER_MINUTE", value))) {
      RuntimeApiStandIn.ReportedError error = function.runtimeApi().initError(FunctionProcess.WAIT);
      JsonNode report = JSON.readTree(error.body());

      assertThat(report.get("errorMessage").asText())
          .isEqualTo("RATE_LIMIT_PER_MINUTE must be a whole number between 0 and 2147483647");
      assertThat(report.get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
      assertThat(error.type()).isEqualTo("Runtime.BadFunctionCode");
      assertThat(error.body()).doesNotContain(FakeGeminiApi.API_KEY);
      assertThat(function.exitCode(FunctionProcess.WAIT)).as("the runtime gives up, as Lambda's does").isEqualTo(1);
      assertThat(function.output()).doesNotContain(FakeGeminiApi.API_KEY);
    }
  }

  @Test
  void aMissingKeyStillStartsAndAnswers500() throws Exception {
    try (FunctionProcess function = FunctionProcess.asDeployed(door, settings("GEMINI_API_KEY", ""))) {
      EventShape shape = EventShape.HTTP_API;
      Reply reply = shape.reply(function.invoke(shape.event(Call.post("{}"))));

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.json().get("error").asText()).isEqualTo("Server configuration error");
      assertThat(function.runtimeApi().initErrorReported()).isFalse();
      assertThat(function.output()).contains("GEMINI_API_KEY");
    }
  }

  private static Map<String, String> settings(String name, String value) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
    settings.put("GEMINI_BASE_URL", gemini.baseUrl());
    settings.put(name, value);
    return settings;
  }
}
