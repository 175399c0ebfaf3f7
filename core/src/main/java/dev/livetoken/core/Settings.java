package dev.livetoken.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything an operator can configure, read once at start-up from environment-style variables.
 *
 * @param apiKey {@code GEMINI_API_KEY}; empty when unset (token requests then answer 500)
 * @param baseUrl {@code GEMINI_BASE_URL}; empty for Google's own endpoint
 * @param upstreamTimeout {@code UPSTREAM_TIMEOUT_MS}; bounds the whole upstream call
 * @param allowedOrigins {@code ALLOWED_ORIGINS}; empty means any origin
 * @param allowedModels {@code ALLOWED_MODELS}
 * @param maxBodyBytes {@code MAX_BODY_BYTES}
 * @param maxPageContentChars {@code MAX_PAGE_CONTENT_CHARS}
 * @param rateLimitPerMinute {@code RATE_LIMIT_PER_MINUTE}; 0 turns the limit off
 * @param trustedProxies {@code TRUSTED_PROXIES}; addresses or CIDR blocks whose X-Forwarded-For is believed
 * @param requestLog {@code REQUEST_LOG}; one JSON line per request on stdout
 */
public record Settings(
    Optional<String> apiKey,
    Optional<String> baseUrl,
    Duration upstreamTimeout,
    Set<String> allowedOrigins,
    Set<String> allowedModels,
    int maxBodyBytes,
    int maxPageContentChars,
    int rateLimitPerMinute,
    List<String> trustedProxies,
    boolean requestLog) {

  public static final String DEFAULT_MODEL = "gemini-3.1-flash-live-preview";
  public static final List<String> LIVE_MODELS =
      List.of(
          DEFAULT_MODEL,
          "gemini-2.5-flash-native-audio-preview-12-2025",
          "gemini-2.5-flash-native-audio-preview-09-2025",
          "gemini-live-2.5-flash-preview",
          "gemini-2.0-flash-live-001");

  /** Reads settings through {@code lookup} (an environment, a Spring {@code Environment}, a map). */
  public static Settings from(Function<String, String> lookup) {
    Settings settings =
        new Settings(
            text(lookup, "GEMINI_API_KEY"),
            text(lookup, "GEMINI_BASE_URL"),
            Duration.ofMillis(positive(lookup, "UPSTREAM_TIMEOUT_MS", 10_000)),
            Origins.parseAllowlist(text(lookup, "ALLOWED_ORIGINS").orElse("")),
            models(lookup),
            (int) positive(lookup, "MAX_BODY_BYTES", 1024 * 1024),
            (int) positive(lookup, "MAX_PAGE_CONTENT_CHARS", 100_000),
            (int) number(lookup, "RATE_LIMIT_PER_MINUTE", 30, 0),
            List.copyOf(list(lookup, "TRUSTED_PROXIES", List.of())),
            flag(lookup, "REQUEST_LOG", true));
    settings.trustedProxies().forEach(ClientAddress::checkRange);
    settings.baseUrl().filter(url -> !url.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")).ifPresent(url -> {
      throw new IllegalArgumentException("GEMINI_BASE_URL must be an http(s) URL");
    });
    return settings;
  }

  /** Reads each setting with {@link #environmentValue}. */
  public static Settings fromEnvironment() {
    return from(Settings::environmentValue);
  }

  /** One setting's value in this process: the system property of its name if set, else the environment variable. */
  public static String environmentValue(String name) {
    return System.getProperty(name, System.getenv(name));
  }

  public boolean anyOrigin() {
    return allowedOrigins.isEmpty();
  }

  @Override
  public String toString() {
    // A record's toString would print the key.
    return "Settings[apiKey=" + (apiKey.isPresent() ? "(set)" : "(unset)")
        + ", baseUrl=" + baseUrl.orElse("(Google)")
        + ", upstreamTimeout=" + upstreamTimeout
        + ", allowedOrigins=" + (anyOrigin() ? "*" : allowedOrigins)
        + ", allowedModels=" + allowedModels
        + ", maxBodyBytes=" + maxBodyBytes
        + ", maxPageContentChars=" + maxPageContentChars
        + ", rateLimitPerMinute=" + rateLimitPerMinute
        + ", trustedProxies=" + trustedProxies
        + ", requestLog=" + requestLog + "]";
  }

  private static Optional<String> text(Function<String, String> lookup, String name) {
    return Optional.ofNullable(lookup.apply(name)).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static Set<String> list(Function<String, String> lookup, String name, List<String> fallback) {
    return text(lookup, name)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()))
        .orElseGet(() -> Set.copyOf(fallback));
  }

  private static Set<String> models(Function<String, String> lookup) {
    Set<String> models = list(lookup, "ALLOWED_MODELS", LIVE_MODELS);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("ALLOWED_MODELS must name at least one model");
    }
    return models;
  }

  private static boolean flag(Function<String, String> lookup, String name, boolean fallback) {
    String raw = text(lookup, name).orElse(Boolean.toString(fallback));
    if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new IllegalArgumentException(name + " must be true or false");
  }

  private static long positive(Function<String, String> lookup, String name, long fallback) {
    return number(lookup, name, fallback, 1);
  }

  private static long number(Function<String, String> lookup, String name, long fallback, long min) {
    Optional<String> raw = text(lookup, name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value >= min && value <= Integer.MAX_VALUE) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number between " + min + " and " + Integer.MAX_VALUE);
  }
}
