package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a Lambda function prints goes to CloudWatch: never the page a visitor was reading, never the key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggingTest {

  private static final String PAGE = "Private page text of a signed-in customer";

  private FakeGeminiApi gemini;

  @BeforeAll
  void startFakeGemini() {
    gemini = new FakeGeminiApi();
  }

  @AfterAll
  void stopFakeGemini() {
    gemini.close();
  }

  @Test
  void neitherThePageNorTheKeyIsLoggedFromStartToAnswer() throws Exception {
    Call call = Call.post("{\"pageTitle\":\"Account\",\"pageContent\":\"" + PAGE + "\"}");
    Reply[] replies = new Reply[EventShape.values().length];

    String output = captured(() -> {
      RequestStreamHandler handler = LambdaRuntime.newHandler(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
          "GEMINI_BASE_URL", gemini.baseUrl(), "RATE_LIMIT_PER_MINUTE", "0"));
      for (EventShape shape : EventShape.values()) {
        replies[shape.ordinal()] = shape.reply(LambdaRuntime.invoke(handler, shape.event(call)));
      }
      LambdaRuntime.invoke(handler, "{\"httpMethod\":\"POST\",\"body\":\"".concat(PAGE).getBytes(StandardCharsets.UTF_8));
    });

    for (Reply reply : replies) {
      assertThat(reply.status()).isEqualTo(200);
    }
    assertThat(output).as("the capture works: the core's request log line").contains("\"message\":\"token request\"");
    assertThat(output).as("the adapter's own line for the malformed event, in the same JSON shape")
        .contains("\"severity\":\"WARNING\",\"message\":\"Malformed Lambda event: ");
    assertThat(output).doesNotContain(PAGE).doesNotContain("signed-in").doesNotContain(FakeGeminiApi.API_KEY);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static String captured(Action action) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      action.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
