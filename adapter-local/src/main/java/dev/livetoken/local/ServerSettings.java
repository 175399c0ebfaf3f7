package dev.livetoken.local;

import dev.livetoken.core.Settings;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The local server's own settings, beside the core's {@link Settings}.
 *
 * @param port {@code PORT}; 0 picks a free port
 * @param requestTimeoutSeconds {@code REQUEST_TIMEOUT_SECONDS}: from a request's first byte, the time a client has
 *     to send its headers and body; also how long a new connection may stay silent
 * @param maxConnections {@code MAX_CONNECTIONS}: open connections at once; more are closed as they are accepted
 * @param metricsPort {@code METRICS_PORT}: where {@code /metrics} is served on loopback; empty (unset) for none,
 *     0 picks a free port
 */
public record ServerSettings(int port, int requestTimeoutSeconds, int maxConnections, OptionalInt metricsPort) {

  /** Reads them through {@code lookup}; a malformed value throws an exception naming the variable. */
  public static ServerSettings from(Function<String, String> lookup) {
    return new ServerSettings(
        Settings.wholeNumber(lookup, "PORT", 3001, 0, 65_535),
        Settings.wholeNumber(lookup, "REQUEST_TIMEOUT_SECONDS", 10, 1, 3_600),
        Settings.wholeNumber(lookup, "MAX_CONNECTIONS", 2_048, 1, 1_000_000),
        metricsPort(lookup));
  }

  private static OptionalInt metricsPort(Function<String, String> lookup) {
    String raw = lookup.apply("METRICS_PORT");
    if (raw == null || raw.isBlank()) {
      return OptionalInt.empty();
    }
    int port = Settings.wholeNumber(lookup, "METRICS_PORT", 0, 0, 65_535);
    if (port != 0 && port == Settings.wholeNumber(lookup, "PORT", 3001, 0, 65_535)) {
      throw new IllegalArgumentException("METRICS_PORT must differ from PORT: metrics are never served publicly");
    }
    return OptionalInt.of(port);
  }
}
