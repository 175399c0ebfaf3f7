package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever fails inside either Lambda door, the handler answers the contract's JSON 500 with its CORS headers
 * and never throws: an exception reaching the runtime would make the front end answer a bare 502, which a
 * browser cannot even read without CORS headers.
 */
class HandlerFailureTest {

  private static final String ORIGIN = "https://shop.example";

  @RegisterExtension
  static final FakeGeminiApi gemini = new FakeGeminiApi();

  @ParameterizedTest
  @EnumSource(EventShape.class)
  void aFailureOfTheServedFunctionIsThe500WithTheRequestsCorsHeadersInTheEventsShape(EventShape shape) {
    TokenEndpoint endpoint = TokenEndpoint.create(Settings.from(Map.of("ALLOWED_ORIGINS", ORIGIN)::get));
    for (Supplier<RuntimeException> failure : List.<Supplier<RuntimeException>>of(
        UnsupportedOperationException::new, NullPointerException::new, () -> new IllegalStateException("x"))) {
      LambdaProxyFunction function = new LambdaProxyFunction(endpoint, request -> {
        throw failure.get();
      });

      Reply reply = shape.reply(function.apply(
          new ByteArrayInputStream(shape.event(Call.post("{}").header("Origin", ORIGIN)))));

      assertInternalError(reply, ORIGIN);
      assertThat(reply.header("Vary")).isEqualTo("Origin");
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {TokenHandler.class, SpringTokenHandler.class})
  void anEventStreamThatFailsIsThe500NotAnException(Class<?> door) throws Exception {
    RequestStreamHandler handler = LambdaRuntime.newHandler(door.getName(),
        Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl()));

    for (Exception failure : new Exception[] {new IOException("runtime API lost"), new IllegalStateException("x"),
        new UnsupportedOperationException()}) {
      Reply reply = EventShape.REST_API.reply(LambdaRuntime.invoke(handler, failing(failure)));

      assertInternalError(reply, "*");
    }
    assertThat(EventShape.HTTP_API.reply(LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}"))))
        .status()).as("still serving").isEqualTo(200);
  }

  @Test
  void anExceptionOutOfSpringCloudFunctionsInvokerIsThe500NotAnException() throws Exception {
    RequestStreamHandler handler = LambdaRuntime.newHandler(SpringTokenHandler.class.getName(),
        Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl(),
            "MAIN_CLASS", ThrowingProxyConfiguration.class.getName()));

    for (String failure : List.of("io", "unchecked")) {
      assertInternalError(EventShape.REST_API.reply(
          LambdaRuntime.invoke(handler, failure.getBytes(StandardCharsets.UTF_8))), "*");
    }
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  private static void assertInternalError(Reply reply, String allowedOrigin) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo("{\"error\":\"Internal error\"}");
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(allowedOrigin);
  }

  private static InputStream failing(Exception failure) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return fail();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return fail();
      }

      private int fail() throws IOException {
        if (failure instanceof IOException io) {
          throw io;
        }
        throw (RuntimeException) failure;
      }
    };
  }
}
