package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livetoken.contract.SettingNames;
import dev.livetoken.core.limit.RedisAddress;
import dev.livetoken.core.sessions.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @Test
  void defaults() {
    Settings settings = Settings.from(Map.<String, String>of()::get);

    assertThat(settings.apiKey()).isEmpty();
    assertThat(settings.baseUrl()).isEmpty();
    assertThat(settings.upstreamTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.anyOrigin()).isTrue();
    assertThat(settings.models().allowed()).containsExactlyInAnyOrderElementsOf(dev.livetoken.core.live.LiveModels.served());
    assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.maxPageContentChars()).isEqualTo(100_000);
    assertThat(settings.rateLimitPerMinute()).isEqualTo(30);
    assertThat(settings.globalRateLimitPerMinute()).isZero();
    assertThat(settings.redis()).isEmpty();
    assertThat(settings.redisTimeout()).isEqualTo(Duration.ofMillis(150));
    assertThat(settings.trustedProxies()).isEmpty();
    assertThat(settings.requestLog()).isTrue();
  }

  @Test
  void blankValuesCountAsUnset() {
    Settings settings = Settings.from(Map.of("GEMINI_API_KEY", "  ", "ALLOWED_ORIGINS", "")::get);

    assertThat(settings.apiKey()).isEmpty();
    assertThat(settings.anyOrigin()).isTrue();
  }

  @Test
  void readsListsAndNumbers() {
    Settings settings = Settings.from(Map.of(
        "ALLOWED_ORIGINS", "https://Shop.Example:443, http://localhost:8080",
        "ALLOWED_MODELS", "a, b",
        "UPSTREAM_TIMEOUT_MS", "2500",
        "RATE_LIMIT_PER_MINUTE", "0",
        "TRUSTED_PROXIES", "10.0.0.0/8, ::1",
        "REQUEST_LOG", "false")::get);

    assertThat(settings.allowedOrigins()).containsExactlyInAnyOrder("https://shop.example", "http://localhost:8080");
    assertThat(settings.models().allowed()).containsExactlyInAnyOrder("a", "b");
    assertThat(settings.upstreamTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.rateLimitPerMinute()).isZero();
    assertThat(settings.trustedProxies()).containsExactlyInAnyOrder("10.0.0.0/8", "::1");
    assertThat(settings.requestLog()).isFalse();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "UPSTREAM_TIMEOUT_MS|soon", "UPSTREAM_TIMEOUT_MS|0", "UPSTREAM_TIMEOUT_MS|2147483648", "UPSTREAM_TIMEOUT_MS|1.5",
      "MAX_BODY_BYTES|1MB", "MAX_BODY_BYTES|0", "MAX_BODY_BYTES|-1",
      "MAX_PAGE_CONTENT_CHARS|lots", "MAX_PAGE_CONTENT_CHARS|0", "MAX_PAGE_CONTENT_CHARS|99999999999",
      "RATE_LIMIT_PER_MINUTE|-1", "RATE_LIMIT_PER_MINUTE|abc", "RATE_LIMIT_PER_MINUTE|30/min",
      "ALLOWED_ORIGINS|shop.example", "ALLOWED_ORIGINS|https://shop.example/path", "ALLOWED_MODELS|' , '",
      "TRUSTED_PROXIES|proxy.internal", "TRUSTED_PROXIES|10.0.0.0/33", "TRUSTED_PROXIES|10.0.0.0/abc", "TRUSTED_PROXIES|::1/129",
      "GEMINI_BASE_URL|ftp://proxy.example", "GEMINI_BASE_URL|not a url", "REQUEST_LOG|flase", "REQUEST_LOG|0"})
  void aMalformedValueStopsStartUpNamingTheVariable(String name, String value) {
    assertThatThrownBy(() -> Settings.from(Map.of(name, value)::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(name.equals("ALLOWED_ORIGINS") || name.equals("TRUSTED_PROXIES")
            ? name + " entry" : name + " must");
  }

  @Test
  void readsTheSharedLimitSettings() {
    Settings settings = Settings.from(Map.of(
        "GLOBAL_RATE_LIMIT_PER_MINUTE", "600",
        "REDIS_URL", "rediss://default:pw-9d2e@cache.internal:6380/2",
        "REDIS_TIMEOUT_MS", "80")::get);

    assertThat(settings.globalRateLimitPerMinute()).isEqualTo(600);
    assertThat(settings.redis()).contains(new RedisAddress(true, "cache.internal", 6380, 2, Optional.of("default"),
        Optional.of("pw-9d2e")));
    assertThat(settings.redisTimeout()).isEqualTo(Duration.ofMillis(80));
    assertThat(settings.toString()).contains("rediss://cache.internal:6380/2").doesNotContain("pw-9d2e");
  }

  @Test
  void badSharedLimitSettingsFailNamingTheVariableAndNeverTheRedisPassword() {
    assertThatThrownBy(() -> Settings.from(Map.of("GLOBAL_RATE_LIMIT_PER_MINUTE", "-5")::get))
        .hasMessageContaining("GLOBAL_RATE_LIMIT_PER_MINUTE");
    assertThatThrownBy(() -> Settings.from(Map.of("REDIS_TIMEOUT_MS", "0")::get))
        .hasMessageContaining("REDIS_TIMEOUT_MS");
    assertThatThrownBy(() -> Settings.from(Map.of("REDIS_URL", "redis//user:pw-9d2e@cache:6379")::get))
        .hasMessageContaining("REDIS_URL")
        .hasMessageNotContaining("pw-9d2e");
  }

  @Test
  void badValuesFailAtStartUpNamingTheVariable() {
    assertThatThrownBy(() -> Settings.from(Map.of("UPSTREAM_TIMEOUT_MS", "soon")::get))
        .hasMessageContaining("UPSTREAM_TIMEOUT_MS");
    assertThatThrownBy(() -> Settings.from(Map.of("RATE_LIMIT_PER_MINUTE", "-1")::get))
        .hasMessageContaining("RATE_LIMIT_PER_MINUTE");
    assertThatThrownBy(() -> Settings.from(Map.of("ALLOWED_ORIGINS", "shop.example")::get))
        .hasMessageContaining("ALLOWED_ORIGINS");
    assertThatThrownBy(() -> Settings.from(Map.of("TRUSTED_PROXIES", "proxy.internal")::get))
        .hasMessageContaining("TRUSTED_PROXIES");
  }

  @Test
  void numbersAreReadUpToTheirBounds() {
    Settings settings = Settings.from(Map.of("UPSTREAM_TIMEOUT_MS", "1", "MAX_BODY_BYTES", "2147483647",
        "MAX_PAGE_CONTENT_CHARS", "1", "RATE_LIMIT_PER_MINUTE", "2147483647", "REQUEST_LOG", "TRUE")::get);

    assertThat(settings.upstreamTimeout()).isEqualTo(Duration.ofMillis(1));
    assertThat(settings.maxBodyBytes()).isEqualTo(Integer.MAX_VALUE);
    assertThat(settings.maxPageContentChars()).isEqualTo(1);
    assertThat(settings.rateLimitPerMinute()).isEqualTo(Integer.MAX_VALUE);
    assertThat(settings.requestLog()).isTrue();
  }

  @Test
  void emptyListEntriesAreDropped() {
    Settings settings = Settings.from(Map.of("ALLOWED_MODELS", "a,, b ,", "TRUSTED_PROXIES", ",10.0.0.1,")::get);

    assertThat(settings.models().allowed()).containsExactlyInAnyOrder("a", "b");
    assertThat(settings.trustedProxies()).containsExactly("10.0.0.1");
  }

  @Test
  void sitesComeFromSitesOrSitesFileAndTheirOriginsJoinTheAllowlist(@TempDir Path dir) throws Exception {
    String json = "{\"site-a\": {\"origins\": [\"https://a.example\"], \"ratePerMinute\": 5}}";
    Path file = Files.writeString(dir.resolve("sites.json"), json);

    Settings inline = Settings.from(Map.of("SITES", json, "ALLOWED_ORIGINS", "https://other.example")::get);
    Settings fromFile = Settings.from(Map.of("SITES_FILE", file.toString())::get);

    assertThat(inline.sites().find("site-a")).contains(new Site("site-a", Set.of("https://a.example"), 5));
    assertThat(fromFile.sites().find("site-a")).isEqualTo(inline.sites().find("site-a"));
    assertThat(inline.allowedOrigins()).containsExactlyInAnyOrder("https://a.example", "https://other.example");
    assertThat(fromFile.allowedOrigins()).containsExactly("https://a.example");
    assertThat(fromFile.anyOrigin()).isFalse();
    assertThat(Settings.from(Map.<String, String>of()::get).sites().isEmpty()).isTrue();
  }

  @Test
  void badSitesStopStartUpNamingTheSetting(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("sites.json"), "{\"a\": {\"origins\": [\"nope\"]}}");

    assertThatThrownBy(() -> Settings.from(Map.of("SITES", "{not json")::get)).hasMessageStartingWith("SITES ");
    assertThatThrownBy(() -> Settings.from(Map.of("SITES_FILE", file.toString())::get))
        .hasMessageStartingWith("SITES_FILE site 'a'");
    assertThatThrownBy(() -> Settings.from(Map.of("SITES_FILE", dir.resolve("missing.json").toString())::get))
        .hasMessageStartingWith("SITES_FILE cannot be read");
    assertThatThrownBy(() -> Settings.from(Map.of("SITES", "{}", "SITES_FILE", file.toString())::get))
        .hasMessage("SITES and SITES_FILE are both set: set one of them");
  }

  @Test
  void sessionIdsAreSignedWithSessionSecretElseTheApiKey() {
    String secret = "s".repeat(Settings.MIN_SESSION_SECRET_CHARS);

    assertThat(Settings.from(Map.of("GEMINI_API_KEY", "k", "SESSION_SECRET", secret)::get).sessionSigningSecret())
        .hasValue(secret);
    assertThat(Settings.from(Map.of("GEMINI_API_KEY", "k")::get).sessionSigningSecret()).hasValue("k");
    assertThat(Settings.from(Map.<String, String>of()::get).sessionSigningSecret()).isEmpty();
    assertThatThrownBy(() -> Settings.from(Map.of("SESSION_SECRET", secret.substring(1))::get))
        .hasMessage("SESSION_SECRET must be at least 32 characters long");
  }

  @Test
  void neverPrintsTheKey() {
    Settings settings = Settings.from(Map.of("GEMINI_API_KEY", "AIza-secret-123",
        "SESSION_SECRET", "session-secret-456-session-secret-456")::get);

    assertThat(settings.toString()).doesNotContain("AIza-secret-123").contains("apiKey=(set)")
        .doesNotContain("session-secret-456").contains("sessionSecret=(set)");
    assertThat(Settings.from(Map.<String, String>of()::get).toString()).contains("apiKey=(unset)")
        .contains("allowedOrigins=*,");
    assertThat(Settings.from(Map.of("ALLOWED_ORIGINS", "https://shop.example")::get).toString())
        .contains("allowedOrigins=[https://shop.example],");
  }

  @Test
  void fromEnvironmentReadsASystemPropertyBeforeTheEnvironmentVariable() {
    // Every other setting blanked the same way, so that nothing in this machine's environment leaks in.
    List<String> names = SettingNames.all();
    assertThat(names).contains("GEMINI_BASE_URL", "ALLOWED_ORIGINS", "REQUEST_LOG");
    names.forEach(name -> System.setProperty(name, ""));
    System.setProperty("GEMINI_BASE_URL", "http://127.0.0.1:9/from-property");
    try {
      Settings settings = Settings.fromEnvironment();

      assertThat(settings.baseUrl()).hasValue("http://127.0.0.1:9/from-property");
      assertThat(settings.toString()).isEqualTo(Settings.from(Map.of("GEMINI_BASE_URL",
          "http://127.0.0.1:9/from-property")::get).toString());
    } finally {
      names.forEach(System::clearProperty);
    }
  }
}
