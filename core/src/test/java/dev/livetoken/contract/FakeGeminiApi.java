package dev.livetoken.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Gemini API's token endpoint, faked on loopback so that the real SDK can be pointed at it. As a JUnit
 * extension ({@code @RegisterExtension static}) it is reset before each test and stopped after the class.
 */
public final class FakeGeminiApi implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

  public static final String TOKEN_PATH = "/v1alpha/auth_tokens";
  public static final String TOKEN_NAME = "auth_tokens/fake-7f3a9c";
  public static final String API_KEY = "test-key-AIzaSyD0-not-a-real-key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer server;

  public FakeGeminiApi() {
    server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(16));
    server.start();
    reset();
  }

  /** The base URL to give the SDK ({@code GEMINI_BASE_URL}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Back to minting {@link #TOKEN_NAME}, with no requests recorded. */
  public void reset() {
    server.resetAll();
    answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"name\":\"" + TOKEN_NAME + "\",\"uses\":1}"));
  }

  public void answers(int status, String body) {
    answer(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
  }

  public void answersAfter(Duration delay) {
    answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"name\":\"" + TOKEN_NAME + "\"}").withFixedDelay((int) delay.toMillis()));
  }

  /** Answers 200 at once, then sends the body a few bytes at a time over {@code duration}. */
  public void dribblesBodyOver(Duration duration) {
    answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"name\":\"" + TOKEN_NAME + "\",\"uses\":1}")
        .withChunkedDribbleDelay(8, (int) duration.toMillis()));
  }

  public void fails(Fault fault) {
    answer(aResponse().withFault(fault));
  }

  public int tokenRequestCount() {
    return server.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).size();
  }

  public List<LoggedRequest> tokenRequests() {
    return server.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  /** The JSON body of the one token request made so far; fails if there was not exactly one. */
  public JsonNode onlyTokenRequestBody() {
    List<LoggedRequest> requests = tokenRequests();
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one upstream token request, saw " + requests.size());
    }
    try {
      return JSON.readTree(requests.get(0).getBodyAsString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void answer(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(response));
  }
}
