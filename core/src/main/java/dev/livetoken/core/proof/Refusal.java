package dev.livetoken.core.proof;

import java.util.Map;

/**
 * The answer to a caller whose proof did not pass: a status, the error message for {@code {"error": ...}} and
 * the headers that go with it ({@code WWW-Authenticate}, {@code Retry-After}).
 */
public record Refusal(int status, String message, Map<String, String> headers) {

  static final String RETRY_AFTER_SECONDS = "10";

  static Refusal unauthorized(String message) {
    return new Refusal(401, message, Map.of());
  }

  static Refusal unavailable(String message) {
    return new Refusal(503, message, Map.of("Retry-After", RETRY_AFTER_SECONDS));
  }
}
