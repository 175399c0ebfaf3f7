package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Events the handler cannot use still get a proxy response, never an exception (a bare 502 at the gateway). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedEventTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeGeminiApi gemini;
  private RequestStreamHandler handler;

  @BeforeAll
  void start() throws Exception {
    gemini = new FakeGeminiApi();
    handler = LambdaRuntime.newHandler(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "RATE_LIMIT_PER_MINUTE", "0"));
  }

  @BeforeEach
  void resetFakeGemini() {
    gemini.reset();
  }

  @AfterAll
  void stop() {
    gemini.close();
  }

  @Test
  void anEventThatIsNotJsonIsA400ProxyResponse() throws Exception {
    assertMalformed(invoke("{\"httpMethod\": \"POST\", "));
  }

  @Test
  void jsonThatIsNoHttpEventIsA400ProxyResponse() throws Exception {
    assertMalformed(invoke("[1, 2]"));
    assertMalformed(invoke("{\"Records\": [{\"eventSource\": \"aws:sqs\", \"body\": \"{}\"}]}"));
    assertMalformed(invoke("{}"));
  }

  @Test
  void anHttpEventWithoutMethodOrPathIsA400() throws Exception {
    ObjectNode event = EventShape.HTTP_API.template();
    ((ObjectNode) event.get("requestContext").get("http")).remove("method");
    assertMalformed(invoke(event.toString()));

    ObjectNode rest = EventShape.REST_API.template();
    rest.remove("path");
    assertMalformed(invoke(rest.toString()));
  }

  @Test
  void aBodyThatIsNotBase64AsDeclaredIsA400() throws Exception {
    ObjectNode event = EventShape.FUNCTION_URL.template();
    event.put("body", "{\"voice\":\"Kore\"}");
    event.put("isBase64Encoded", true);

    assertMalformed(invoke(event.toString()));
  }

  @Test
  void aMalformedAlbEventIsStillAnsweredInTheAlbShape() throws Exception {
    ObjectNode event = EventShape.ALB.template();
    event.put("body", "%%%");
    event.put("isBase64Encoded", true);

    JsonNode response = assertMalformed(invoke(event.toString()));
    assertThat(response.get("statusDescription").asText()).isEqualTo("400 Bad Request");
  }

  @Test
  void headersOfTheWrongTypeAreA400() throws Exception {
    ObjectNode event = EventShape.ALB_MULTI_VALUE.template();
    ((ObjectNode) event.get("multiValueHeaders")).put("accept", "*/*");

    JsonNode response = assertMalformed(invoke(event.toString()));
    assertThat(response.has("multiValueHeaders")).as("answered as multi-value ALB").isTrue();
  }

  @Test
  void anEventThatCannotBeReadIsA500ProxyResponseNotAnException() throws Exception {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection to the runtime API lost");
      }
    };

    JsonNode response = JSON.readTree(LambdaRuntime.invoke(handler, failing));

    assertThat(response.get("statusCode").asInt()).isEqualTo(500);
    assertThat(JSON.readTree(response.get("body").asText()).get("error").asText()).isEqualTo("Internal error");
    assertThat(response.get("headers").get("Content-Type").asText()).isEqualTo("application/json");
  }

  @Test
  void theHandlerStillServesAfterwards() throws Exception {
    invoke("not json");

    JsonNode response = JSON.readTree(LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}"))));

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
  }

  private byte[] invoke(String event) throws Exception {
    return LambdaRuntime.invoke(handler, event.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode assertMalformed(byte[] output) throws IOException {
    JsonNode response = JSON.readTree(output);
    assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(400);
    JsonNode headers = response.has("multiValueHeaders") ? response.get("multiValueHeaders") : response.get("headers");
    assertThat(headers.path("Content-Type").toString()).contains("application/json");
    assertThat(JSON.readTree(response.get("body").asText()).get("error").asText()).isEqualTo("Malformed event");
    assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(gemini.tokenRequestCount()).isZero();
    return response;
  }
}
