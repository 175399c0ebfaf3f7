package dev.livetoken.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every contract case through Google's real invoker and the Spring Cloud Function door, with README's command
 * for it; plus the function definition that door honours.
 */
class SpringInvokerContractIT extends InvokerContractIT {

  @Override
  Class<?> entryPoint() {
    return SpringTokenFunction.class;
  }

  @Override
  long maxDeployBytes() {
    return 40L * 1024 * 1024;
  }

  @Test
  void theSpringDoorIsSpringCloudFunctionsInvoker() {
    assertThat(org.springframework.cloud.function.adapter.gcp.FunctionInvoker.class)
        .isAssignableFrom(SpringTokenFunction.class);
  }

  @Test
  void aDefinitionNamingTheEndpointFunctionServesTheContract() throws Exception {
    try (InvokerProcess invoker = startInvoker(with("SPRING_CLOUD_FUNCTION_DEFINITION", "tokenEndpoint"))) {
      Reply reply = invoker.send(Call.post("{\"voice\":\"Puck\"}"));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    }
  }

  @Test
  void aDefinitionNamingAFunctionThatCannotServeHttpStopsTheStartWithItsName() {
    Map<String, String> token = with("SPRING_CLOUD_FUNCTION_DEFINITION", "token");

    assertThatThrownBy(() -> startInvoker(token).close())
        .hasMessageContaining("Function 'token' does not take an EndpointRequest to an EndpointResponse");
    assertThat(gemini.tokenRequestCount()).isZero();
  }
}
