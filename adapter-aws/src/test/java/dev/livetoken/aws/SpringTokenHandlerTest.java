package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Spring handler template.yaml offers is Spring Cloud Function's invoker: it serves the function
 * spring.cloud.function.definition names, and only an HTTP one.
 */
class SpringTokenHandlerTest {

  private static final EventShape SHAPE = EventShape.HTTP_API;

  @RegisterExtension
  static final FakeGeminiApi gemini = new FakeGeminiApi();

  @Test
  void aDefinitionNamingTheEndpointFunctionServesTheContract() throws Exception {
    RequestStreamHandler handler = newHandler("tokenEndpoint");

    Reply reply = SHAPE.reply(LambdaRuntime.invoke(handler, SHAPE.event(Call.post("{\"voice\":\"Puck\"}"))));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(gemini.tokenRequestCount()).isEqualTo(1);
  }

  @Test
  void aDefinitionNamingAFunctionThatCannotServeHttpStopsTheInitPhaseWithItsName() {
    assertThatThrownBy(() -> newHandler("token")).rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessage("Function 'token' does not take an EndpointRequest to an EndpointResponse, "
            + "so it cannot serve HTTP requests");
    assertThatThrownBy(() -> newHandler("nothing")).rootCause()
        .hasMessage("No function 'nothing' in Spring Cloud Function's catalog");
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  private RequestStreamHandler newHandler(String definition) throws Exception {
    String springDoor = SamTemplate.load().handlers().get(1).split("::")[0];
    return LambdaRuntime.newHandler(springDoor, Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "spring.cloud.function.definition", definition));
  }
}
