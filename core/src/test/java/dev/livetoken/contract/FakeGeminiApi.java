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
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Gemini API's token endpoint, faked on loopback so that the real SDK can be pointed at it. It refuses, with
 * 400 as Google does, a session setup that breaks {@link GoogleLiveRules}; otherwise it answers as stubbed. As a
 * JUnit extension ({@code @RegisterExtension static}) it is reset before each test and stopped after the class.
 */
public final class FakeGeminiApi implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

  public static final String TOKEN_PATH = "/v1alpha/auth_tokens";
  public static final String TOKEN_NAME = "auth_tokens/fake-7f3a9c";
  public static final String API_KEY = "test-key-AIzaSyD0-not-a-real-key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer server;
  private final Set<String> alsoServed = ConcurrentHashMap.newKeySet();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  public FakeGeminiApi() {
    server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(16)
        .extensions(new EnforceGoogleRules()));
    server.start();
    reset();
  }

  /** The base URL to give the SDK ({@code GEMINI_BASE_URL}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Back to minting {@link #TOKEN_NAME}, with no requests recorded and only Google's documented models served. */
  public void reset() {
    server.resetAll();
    alsoServed.clear();
    refusals.clear();
    answer(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"name\":\"" + TOKEN_NAME + "\",\"uses\":1}"));
  }

  /** Google serves {@code model} too, with no rules of its own: a model newer than the table. */
  public void alsoServes(String model) {
    alsoServed.add(model);
  }

  /** Why each request since the last reset was refused under Google's rules. */
  public List<String> refusals() {
    return List.copyOf(refusals);
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

  private final class EnforceGoogleRules implements ResponseDefinitionTransformerV2 {

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Optional<String> violation;
      try {
        violation = GoogleLiveRules.violation(JSON.readTree(event.getRequest().getBodyAsString()), alsoServed);
      } catch (IOException e) {
        violation = Optional.of("the body is not JSON");
      }
      if (violation.isEmpty()) {
        return event.getResponseDefinition();
      }
      refusals.add(violation.get());
      return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
          .withBody("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"message\":"
              + JSON.valueToTree(violation.get()) + "}}")
          .build();
    }

    @Override
    public String getName() {
      return "google-live-rules";
    }
  }

  private void answer(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(response));
  }
}
