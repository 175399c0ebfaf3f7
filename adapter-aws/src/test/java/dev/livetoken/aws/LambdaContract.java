package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import dev.livetoken.contract.TokenContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shared contract cases through the Lambda handler, with one front end's events; plus what only an
 * adapter can get wrong: which client address reaches the rate limit.
 */
abstract class LambdaContract extends TokenContract {

  /** The front end whose events this class sends. */
  abstract EventShape shape();

  @Override
  protected ContractTarget start(Map<String, String> environment) throws Exception {
    RequestStreamHandler handler = LambdaRuntime.newHandler(environment);
    return call -> shape().reply(LambdaRuntime.invoke(handler, shape().event(call)));
  }

  /** The proxy response carries the core's headers and nothing else; the front end adds its own later. */
  @Override
  protected Set<String> transportHeaders() {
    return Set.of();
  }

  @Test
  void theRateLimitCountsTheAddressThePlatformVouchesFor() throws Exception {
    Map<String, String> limited = with("RATE_LIMIT_PER_MINUTE", "1");
    RequestStreamHandler handler = LambdaRuntime.newHandler(limited);
    Call call = Call.post("{}");

    assertThat(send(handler, call, "203.0.113.10").status()).isEqualTo(200);
    assertThat(send(handler, call.header("X-Forwarded-For", "192.0.2.99"), "203.0.113.10").status())
        .as("a forged X-Forwarded-For buys no fresh bucket").isEqualTo(429);
    assertThat(send(handler, call, "203.0.113.11").status()).as("another client").isEqualTo(200);
    assertThat(gemini.tokenRequestCount()).isEqualTo(2);
  }

  @Test
  void aPreflightOnTheRootPathIsAnsweredToo() throws Exception {
    Reply reply = send(Call.of("OPTIONS", "/").header("Origin", "https://anywhere.example")
        .header("Access-Control-Request-Method", "POST"));

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("Access-Control-Allow-Methods")).isEqualTo("POST, OPTIONS");
  }

  private Reply send(RequestStreamHandler handler, Call call, String clientIp) throws Exception {
    Reply reply = shape().reply(LambdaRuntime.invoke(handler, shape().event(call, clientIp)));
    assertThat(reply.body()).doesNotContain(FakeGeminiApi.API_KEY);
    return reply;
  }
}
