package dev.livetoken.core;

import dev.livetoken.core.limit.RedisAddress;
import dev.livetoken.core.live.LiveModels;
import dev.livetoken.core.live.ModelSettings.ThinkingLevel;
import dev.livetoken.core.live.ModelSettings;
import dev.livetoken.core.proof.ProofSettings;
import dev.livetoken.core.sessions.Sites;
import dev.livetoken.core.telemetry.TelemetrySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param allowedOrigins {@code ALLOWED_ORIGINS}, plus every site's origins when sites are configured; empty
 *     means any origin
 * @param models {@code ALLOWED_MODELS}, {@code DEFAULT_MODEL}, {@code MODEL_ALIASES}, {@code THINKING_LEVEL},
 *     {@code SESSION_RESUMPTION} and {@code CONTEXT_COMPRESSION}
 * @param maxBodyBytes {@code MAX_BODY_BYTES}
 * @param maxPageContentChars {@code MAX_PAGE_CONTENT_CHARS}
 * @param rateLimitPerMinute {@code RATE_LIMIT_PER_MINUTE}, per caller; 0 turns the limit off
 * @param globalRateLimitPerMinute {@code GLOBAL_RATE_LIMIT_PER_MINUTE}, all callers together; 0 (the default)
 *     turns it off
 * @param redis {@code REDIS_URL}; where limits are counted for every instance, empty to count per instance (with
 *     {@code REDIS_CA_FILE}, the CA certificates its TLS is checked against beside the JVM's)
 * @param redisTimeout {@code REDIS_TIMEOUT_MS}; the longest a request waits on Redis (all its calls) before counting locally
 * @param trustedProxies {@code TRUSTED_PROXIES}; addresses or CIDR blocks whose X-Forwarded-For is believed
 * @param requestLog {@code REQUEST_LOG}; one JSON line per request on stdout
 * @param sites {@code SITES} or {@code SITES_FILE}; none when neither is set
 * @param sessionSecret {@code SESSION_SECRET}; session ids are signed with a key derived from it, or from the
 *     API key when it is unset
 * @param telemetry {@code METRICS}, {@code METRICS_NAMESPACE} and {@code GOOGLE_CLOUD_PROJECT}
 * @param proofs the caller proofs required ({@code AUTH_*}, {@code APP_CHECK_*}, {@code TURNSTILE_*}); none by default
 */
public record Settings(
    Optional<String> apiKey,
    Optional<String> baseUrl,
    Duration upstreamTimeout,
    Set<String> allowedOrigins,
    ModelSettings models,
    int maxBodyBytes,
    int maxPageContentChars,
    int rateLimitPerMinute,
    int globalRateLimitPerMinute,
    Optional<RedisAddress> redis,
    Duration redisTimeout,
    List<String> trustedProxies,
    boolean requestLog,
    Sites sites,
    Optional<String> sessionSecret,
    TelemetrySettings telemetry,
    ProofSettings proofs) {

  static final int MIN_SESSION_SECRET_CHARS = 32;

  /** Reads settings through {@code lookup} (an environment, a Spring {@code Environment}, a map). */
  public static Settings from(Function<String, String> lookup) {
    Sites sites = sites(lookup);
    Settings settings =
        new Settings(
            text(lookup, "GEMINI_API_KEY"),
            text(lookup, "GEMINI_BASE_URL"),
            Duration.ofMillis(positive(lookup, "UPSTREAM_TIMEOUT_MS", 10_000)),
            withSiteOrigins(Origins.parseAllowlist(text(lookup, "ALLOWED_ORIGINS").orElse("")), sites),
            models(lookup),
            (int) positive(lookup, "MAX_BODY_BYTES", 1024 * 1024),
            (int) positive(lookup, "MAX_PAGE_CONTENT_CHARS", 100_000),
            (int) number(lookup, "RATE_LIMIT_PER_MINUTE", 30, 0),
            (int) number(lookup, "GLOBAL_RATE_LIMIT_PER_MINUTE", 0, 0),
            redis(lookup),
            Duration.ofMillis(positive(lookup, "REDIS_TIMEOUT_MS", 150)),
            List.copyOf(list(lookup, "TRUSTED_PROXIES", List.of())),
            flag(lookup, "REQUEST_LOG", true),
            sites,
            text(lookup, "SESSION_SECRET"),
            new TelemetrySettings(flag(lookup, "METRICS", true),
                text(lookup, "METRICS_NAMESPACE").orElse(TelemetrySettings.DEFAULT_NAMESPACE),
                text(lookup, "GOOGLE_CLOUD_PROJECT")),
            ProofSettings.from(lookup));
    settings.trustedProxies().forEach(ClientAddress::checkRange);
    settings.baseUrl().filter(url -> !url.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")).ifPresent(url -> {
      throw new IllegalArgumentException("GEMINI_BASE_URL must be an http(s) URL");
    });
    settings.sessionSecret().filter(secret -> secret.length() < MIN_SESSION_SECRET_CHARS).ifPresent(secret -> {
      throw new IllegalArgumentException(
          "SESSION_SECRET must be at least " + MIN_SESSION_SECRET_CHARS + " characters long");
    });
    return settings;
  }

  private static Optional<RedisAddress> redis(Function<String, String> lookup) {
    Optional<String> caFile = text(lookup, "REDIS_CA_FILE");
    return text(lookup, "REDIS_URL").map(url -> RedisAddress.parse(url).withCaFile(caFile));
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

  /** What session ids are signed with: {@code SESSION_SECRET}, else the API key; empty when neither is set. */
  public Optional<String> sessionSigningSecret() {
    return sessionSecret.or(() -> apiKey);
  }

  @Override
  public String toString() {
    // A record's toString would print the key.
    return "Settings[apiKey=" + (apiKey.isPresent() ? "(set)" : "(unset)")
        + ", baseUrl=" + baseUrl.orElse("(Google)")
        + ", upstreamTimeout=" + upstreamTimeout
        + ", allowedOrigins=" + (anyOrigin() ? "*" : allowedOrigins)
        + ", models=" + models
        + ", maxBodyBytes=" + maxBodyBytes
        + ", maxPageContentChars=" + maxPageContentChars
        + ", rateLimitPerMinute=" + rateLimitPerMinute
        + ", globalRateLimitPerMinute=" + globalRateLimitPerMinute
        + ", redis=" + redis.map(RedisAddress::toString).orElse("(unset: limits per instance)")
        + ", redisTimeout=" + redisTimeout
        + ", trustedProxies=" + trustedProxies
        + ", requestLog=" + requestLog
        + ", sites=" + sites
        + ", sessionSecret=" + (sessionSecret.isPresent() ? "(set)" : "(unset)")
        + ", telemetry=" + telemetry
        + ", proofs=" + proofs + "]";
  }

  private static Sites sites(Function<String, String> lookup) {
    Optional<String> inline = text(lookup, "SITES");
    Optional<String> file = text(lookup, "SITES_FILE");
    if (inline.isPresent() && file.isPresent()) {
      throw new IllegalArgumentException("SITES and SITES_FILE are both set: set one of them");
    }
    if (inline.isPresent()) {
      return Sites.parse(inline.get(), "SITES");
    }
    if (file.isEmpty()) {
      return Sites.none();
    }
    String json;
    try {
      json = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("SITES_FILE cannot be read: " + file.get());
    }
    return Sites.parse(json, "SITES_FILE");
  }

  /** With sites configured, their origins pass the CORS gate too; the site check then binds key to origin. */
  private static Set<String> withSiteOrigins(Set<String> allowedOrigins, Sites sites) {
    Set<String> all = new HashSet<>(allowedOrigins);
    sites.all().forEach(site -> all.addAll(site.origins()));
    return Set.copyOf(all);
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

  private static ModelSettings models(Function<String, String> lookup) {
    Optional<String> defaultModel = text(lookup, "DEFAULT_MODEL");
    ThinkingLevel level = text(lookup, "THINKING_LEVEL").map(raw -> ThinkingLevel.parse(raw).orElseThrow(() ->
        new IllegalArgumentException("THINKING_LEVEL must be low, medium or high"))).orElse(ThinkingLevel.LOW);
    ModelSettings models = new ModelSettings(
        list(lookup, "ALLOWED_MODELS", LiveModels.served()),
        defaultModel.orElse(LiveModels.DEFAULT),
        aliases(text(lookup, "MODEL_ALIASES").orElse("")),
        level,
        flag(lookup, "SESSION_RESUMPTION", true),
        flag(lookup, "CONTEXT_COMPRESSION", true));
    return defaultModel.isPresent() ? models.requireDefaultAllowed() : models;
  }

  /** {@code requested=minted} pairs, comma-separated. */
  private static Map<String, String> aliases(String raw) {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String pair : raw.split(",", -1)) {
      if (pair.isBlank()) {
        continue; // as in every list setting, empty entries are dropped
      }
      String[] sides = pair.split("=", -1);
      if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
        throw new IllegalArgumentException("MODEL_ALIASES must be requested=minted pairs separated by commas");
      }
      if (aliases.put(sides[0].strip(), sides[1].strip()) != null) {
        throw new IllegalArgumentException("MODEL_ALIASES names " + sides[0].strip() + " twice");
      }
    }
    return aliases;
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
    return wholeNumber(lookup, name, (int) fallback, (int) min, Integer.MAX_VALUE);
  }

  /**
   * One whole-number setting of an entry point's own (a port, a connection bound), read as the core reads its
   * own: {@code fallback} when unset or blank, else a number from {@code min} to {@code max}.
   *
   * @throws IllegalArgumentException naming the variable and the range, never echoing the value
   */
  public static int wholeNumber(Function<String, String> lookup, String name, int fallback, int min, int max) {
    Optional<String> raw = text(lookup, name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value >= min && value <= max) {
        return (int) value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number between " + min + " and " + max);
  }
}
