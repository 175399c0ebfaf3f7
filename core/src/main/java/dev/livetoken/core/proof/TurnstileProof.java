package dev.livetoken.core.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A Cloudflare Turnstile token in {@code X-Turnstile-Token}, checked with one siteverify call: it must succeed,
 * come from one of the allowed origins' hosts (when origins are configured) and carry {@code TURNSTILE_ACTION}
 * (when set). A token verifies once; a spent one ({@code timeout-or-duplicate}) is refused.
 */
final class TurnstileProof implements Proof {

  static final String HEADER = "X-Turnstile-Token";
  /** Cloudflare's documented maximum; a longer value is refused without a call. */
  static final int MAX_TOKEN_CHARS = 2048;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String secret;
  private final Optional<String> action;
  private final URI verifyUrl;
  private final Duration timeout;
  private final Set<String> hosts;
  private final HttpClient http;

  TurnstileProof(ProofSettings settings, Set<String> allowedOrigins) {
    this.secret = settings.turnstileSecret().orElseThrow();
    this.action = settings.turnstileAction();
    this.verifyUrl = settings.turnstileVerifyUrl();
    this.timeout = settings.timeout();
    this.hosts = allowedOrigins.stream().map(origin -> URI.create(origin).getHost()).collect(Collectors.toSet());
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String header() {
    return HEADER;
  }

  @Override
  public Result check(Caller caller) {
    Optional<String> token = caller.header(HEADER);
    if (token.isEmpty()) {
      return Result.refused("turnstile_missing",
          Refusal.unauthorized("A Turnstile token is required: X-Turnstile-Token"));
    }
    if (token.get().length() > MAX_TOKEN_CHARS) {
      return invalid();
    }
    JsonNode answer;
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(verifyUrl).timeout(timeout)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(token.get(), caller.address()))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return unavailable();
      }
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      return unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable();
    }
    if (!answer.path("success").asBoolean(false)) {
      for (JsonNode code : answer.path("error-codes")) {
        if (code.asText().equals("timeout-or-duplicate")) {
          return Result.refused("turnstile_spent",
              Refusal.unauthorized("The Turnstile token has expired or was already used"));
        }
      }
      return invalid();
    }
    if (!hosts.isEmpty() && !hosts.contains(answer.path("hostname").asText())) {
      return invalid();
    }
    if (action.isPresent() && !action.get().equals(answer.path("action").asText())) {
      return invalid();
    }
    return Result.passed("turnstile_ok");
  }

  private String form(String token, String address) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("secret", secret);
    fields.put("response", token);
    if (address != null && !address.isBlank()) {
      fields.put("remoteip", address);
    }
    // Lets a retry of this very check be answered again instead of as a duplicate.
    fields.put("idempotency_key", UUID.randomUUID().toString());
    return fields.entrySet().stream()
        .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Result invalid() {
    return Result.refused("turnstile_invalid", Refusal.unauthorized("The Turnstile token is not valid"));
  }

  private static Result unavailable() {
    return Result.refused("turnstile_unavailable",
        Refusal.unavailable("Turnstile tokens cannot be checked now, try again shortly"));
  }
}
