package dev.livetoken.core;

import dev.livetoken.core.live.LiveSession;
import dev.livetoken.core.live.MintedToken;
import dev.livetoken.core.live.MintingException;
import dev.livetoken.core.live.SystemPrompt;
import dev.livetoken.core.live.TokenMinter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the shared contract cannot see from outside: how much of a body the endpoint pulls, how it maps each
 * minting failure, and what it logs. The minter is a stand-in; the SDK's part is in GenAiTokenMinterTest.
 */
class TokenEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final AtomicInteger readied = new AtomicInteger();
  private TokenMinter minter = session -> new MintedToken("auth_tokens/stand-in",
      Instant.parse("2026-11-26T12:30:00Z"), Instant.parse("2026-11-26T12:02:00Z"));

  @Test
  void aBodyWithoutContentLengthIsRefusedOnceItPassesTheLimit() {
    // The client's connection dies a little past the limit: only an endpoint that decided by then answers 413.
    BodyStream body = new BodyStream(64L * 1024 * 1024, 1024 + 8 * 1024);

    EndpointResponse response = endpoint(Map.of("MAX_BODY_BYTES", "1024")).handle(post(Map.of(), body));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(413);
    assertThat(response.bodyText()).isEqualTo("{\"error\":\"Request body exceeds 1024 bytes\"}");
  }

  @Test
  void whatIsLeftOfARefusedBodyIsDrainedOnlyUpToTheCap() {
    BodyStream body = new BodyStream(64L * 1024 * 1024, Long.MAX_VALUE);

    EndpointResponse response = endpoint(Map.of("MAX_BODY_BYTES", "1024")).handle(post(Map.of(), body));

    assertThat(response.status()).isEqualTo(413);
    assertThat(body.pulled).as("bytes pulled from the client")
        .isGreaterThan(1024).isLessThanOrEqualTo(1024 + 1 + TokenEndpoint.MAX_DISCARD_BYTES);
  }

  @Test
  void aBodyTheClientStopsSendingIsA400WithoutAnUpstreamCall() throws Exception {
    minter = session -> {
      throw new AssertionError("minted for a body that never arrived");
    };

    EndpointResponse response = endpoint(Map.of()).handle(post(Map.of(), new BodyStream(4096, 100)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).isEqualTo("{\"error\":\"Request body could not be read\"}");
    assertThat(onlyLogLine().get("error").asText()).isEqualTo("body_unreadable");
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() {
    BodyStream body = new BodyStream(2000, 0);

    EndpointResponse response = endpoint(Map.of("MAX_BODY_BYTES", "1024"))
        .handle(post(Map.of("Content-Length", "1025"), body));

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void aDeclaredLengthAtTheLimitOrUnreadableIsCheckedByReading() {
    TokenEndpoint endpoint = endpoint(Map.of("MAX_BODY_BYTES", "1024"));
    byte[] exactly = ("{\"pageContent\":\"" + "a".repeat(1024 - 18) + "\"}").getBytes(StandardCharsets.UTF_8);

    assertThat(endpoint.handle(post(Map.of("Content-Length", " 1024 "), new ByteArrayInputStream(exactly))).status())
        .isEqualTo(200);
    assertThat(endpoint.handle(post(Map.of("Content-Length", "x"), new ByteArrayInputStream(exactly))).status())
        .isEqualTo(200);
    assertThat(endpoint.handle(post(Map.of("Content-Length", "x"), new BodyStream(1025, Long.MAX_VALUE))).status())
        .isEqualTo(413);
  }

  @Test
  void theLargestBodyLimitStillServes() {
    EndpointResponse response = endpoint(Map.of("MAX_BODY_BYTES", Integer.toString(Integer.MAX_VALUE)))
        .handle(post(Map.of(), new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "NOT_CONFIGURED, 0, 500, Server configuration error, not_configured, false",
      "UPSTREAM_FAILED, 0, 502, Token creation failed, upstream_failed, true",
      "UPSTREAM_FAILED, 401, 502, Token creation failed, upstream_failed_401, true",
      "UPSTREAM_RATE_LIMITED, 429, 503, 'Token service is busy, try again shortly', upstream_rate_limited, true",
      "UPSTREAM_TIMEOUT, 0, 504, Token creation timed out, upstream_timeout, true"})
  void eachMintingFailureHasItsAnswerAndLogLine(MintingException.Reason reason, int upstreamStatus, int status,
      String message, String code, boolean calledUpstream) throws Exception {
    minter = session -> {
      throw new MintingException(reason, upstreamStatus);
    };

    EndpointResponse response = endpoint(Map.of()).handle(post(Map.of("Origin", "https://shop.example"),
        new ByteArrayInputStream(new byte[0])));

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.bodyText()).isEqualTo("{\"error\":\"" + message + "\"}");
    assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "*")
        .containsEntry("Cache-Control", "no-store");
    assertThat(response.headers().get("Retry-After")).isEqualTo(status == 503 ? "10" : null);
    JsonNode line = onlyLogLine();
    assertThat(line.get("severity").asText()).isEqualTo("ERROR");
    assertThat(line.get("status").asInt()).isEqualTo(status);
    assertThat(line.get("error").asText()).isEqualTo(code);
    assertThat(line.has("upstreamMs")).isEqualTo(calledUpstream);
  }

  @Test
  void anUnexpectedFailureIsAJson500WithItsCorsHeaders() throws Exception {
    minter = session -> {
      throw new IllegalStateException("detail 7781");
    };

    EndpointResponse response = endpoint(Map.of("ALLOWED_ORIGINS", "https://shop.example"))
        .handle(post(Map.of("Origin", "https://shop.example"), new ByteArrayInputStream(new byte[0])));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyText()).isEqualTo("{\"error\":\"Internal error\"}");
    assertThat(response.headers()).containsEntry("Access-Control-Allow-Origin", "https://shop.example")
        .containsEntry("Vary", "Origin");
    assertThat(onlyLogLine().get("error").asText()).isEqualTo("internal_IllegalStateException");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("7781");
  }

  @Test
  void anAdaptersOwnFailureGetsTheSame500AndTheCorsHeadersOfItsRequestIfItWasRead() {
    TokenEndpoint listed = endpoint(Map.of("ALLOWED_ORIGINS", "https://shop.example"));
    EndpointRequest fromShop = post(Map.of("Origin", "https://shop.example"), InputStream.nullInputStream());

    EndpointResponse read = listed.internalError(fromShop);
    assertThat(read.status()).isEqualTo(500);
    assertThat(read.bodyText()).isEqualTo("{\"error\":\"Internal error\"}");
    assertThat(read.headers()).containsExactly(Map.entry("Content-Type", "application/json"),
        Map.entry("Cache-Control", "no-store"), Map.entry("Access-Control-Allow-Origin", "https://shop.example"),
        Map.entry("Vary", "Origin"));
    assertThat(listed.internalError(null).headers()).containsEntry("Vary", "Origin")
        .doesNotContainKey("Access-Control-Allow-Origin");
    assertThat(endpoint(Map.of()).internalError(null).headers()).containsEntry("Access-Control-Allow-Origin", "*");
  }

  @Test
  void applyIsHandle() {
    EndpointResponse response = endpoint(Map.of())
        .apply(post(Map.of(), new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).startsWith("{\"token\":\"auth_tokens/stand-in\",\"sessionMeta\":{")
        .contains("\"expireTime\":\"2026-11-26T12:30:00Z\",\"newSessionExpireTime\":\"2026-11-26T12:02:00Z\"}}");
  }

  @Test
  void awaitReadyWaitsForTheMinter() {
    TokenEndpoint endpoint = endpoint(Map.of());
    assertThat(readied).hasValue(0);

    endpoint.awaitReady();

    assertThat(readied).hasValue(1);
  }

  @Test
  void anAdaptersOwnEventIsOneJsonLine() throws Exception {
    endpoint(Map.of()).log("WARNING", "Malformed Lambda event: body is not a string");

    JsonNode line = onlyLogLine();
    assertThat(line.get("severity").asText()).isEqualTo("WARNING");
    assertThat(line.get("message").asText()).isEqualTo("Malformed Lambda event: body is not a string");
    assertThat(line.get("time").asText()).isNotBlank();
  }

  @Test
  void readmesTablesNameTheHeadersTheseAnswersCarry() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
    minter = session -> new MintedToken("auth_tokens/stand-in", Instant.now().plusSeconds(1800), Instant.now());
    TokenEndpoint endpoint = endpoint(Map.of());
    EndpointResponse preflight = endpoint.handle(request("OPTIONS", "/api/token", ""));
    EndpointResponse health = endpoint.handle(request("POST", TokenEndpoint.HEALTH_PATH, ""));
    String sessionId = JSON.readTree(endpoint.handle(request("POST", "/api/token", "{}")).bodyText())
        .at("/sessionMeta/sessionId").asText();
    EndpointResponse ended = endpoint.handle(
        request("POST", "/api/sessions/end", "{\"sessionId\":\"" + sessionId + "\",\"duration\":0}"));

    assertThat(List.of(preflight.status(), health.status(), ended.status())).containsExactly(204, 405, 204);
    assertThat(readmeRow(readme, "| `OPTIONS` (CORS preflight) | 204 |"))
        .contains("`Cache-Control: " + preflight.headers().get("Cache-Control") + "`");
    assertThat(readmeRow(readme, "| any other method on `/healthz` | 405 |"))
        .contains("`Allow: " + health.headers().get("Allow") + "`");
    assertThat(readmeRow(readme, "| a `sessionId` this service signed"))
        .contains("| 204 |", "`Cache-Control: " + ended.headers().get("Cache-Control") + "`");
  }

  private static String readmeRow(String readme, String start) {
    return readme.lines().filter(line -> line.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("README has no row " + start));
  }

  private static EndpointRequest request(String method, String path, String body) {
    return new EndpointRequest("test", method, path, Map.of(),
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }

  private TokenEndpoint endpoint(Map<String, String> environment) {
    Map<String, String> settings = new HashMap<>(environment);
    settings.put("GEMINI_API_KEY", "test-key");
    Settings parsed = Settings.from(settings::get);
    TokenMinter delegate = minter;
    TokenMinter counting = new TokenMinter() {
      @Override
      public MintedToken mint(LiveSession session) {
        return delegate.mint(session);
      }

      @Override
      public void awaitReady() {
        readied.incrementAndGet();
      }
    };
    return new TokenEndpoint(parsed, new TokenFunction(parsed, SystemPrompt.standard(), counting),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static EndpointRequest post(Map<String, String> headers, InputStream body) {
    return new EndpointRequest("test", "POST", "/api/token", headers, body, "127.0.0.1");
  }

  private JsonNode onlyLogLine() throws IOException {
    String[] lines = log.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    return JSON.readTree(lines[0]);
  }

  /** A client's body of {@code length} spaces that counts what was pulled and drops after {@code failAfter}. */
  private static final class BodyStream extends InputStream {

    private final long length;
    private final long failAfter;
    long pulled;

    BodyStream(long length, long failAfter) {
      this.length = length;
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      if (pulled >= length) {
        return -1;
      }
      if (pulled >= failAfter) {
        throw new IOException("connection reset");
      }
      int n = (int) Math.min(count, Math.min(length, failAfter) - pulled);
      java.util.Arrays.fill(buffer, offset, offset + n, (byte) ' ');
      pulled += n;
      return n;
    }
  }
}
