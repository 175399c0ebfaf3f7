package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local server's {@code /metrics}, scraped as Prometheus (or Cloud Run's sidecar) scrapes it. */
class MetricsEndpointTest {

  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  private static final List<String> BOUNDS = List.of("0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void afterThreeTokensAndABadRequestTheScrapeSaysExactlyThat() throws Exception {
    try (LocalServer server = LocalServer.start(Map.of("PORT", "0", "METRICS_PORT", "0",
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl()))) {
      HttpTarget api = new HttpTarget("http://127.0.0.1:" + server.port());
      for (int i = 0; i < 3; i++) {
        assertThat(api.send(Call.post("{}")).status()).isEqualTo(200);
      }
      assertThat(api.send(Call.post("{\"voice\":1}")).status()).isEqualTo(400);

      HttpResponse<String> scrape = get(server.metricsPort(), "/metrics");

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
      PrometheusText metrics = PrometheusText.parse(scrape.body());
      assertThat(metrics.types).containsEntry("live_token_requests_total", "counter")
          .containsEntry("live_token_limit_fallbacks_total", "counter").containsEntry("live_token_limits_shared", "gauge");
      assertThat(metrics.value("live_token_requests_total", "outcome", "minted")).isEqualTo(3);
      assertThat(metrics.value("live_token_requests_total", "outcome", "invalid_request")).isEqualTo(1);
      assertThat(metrics.has("live_token_requests_total", "outcome", "ok")).isFalse();
      metrics.assertHistogram("live_token_upstream_duration_seconds", BOUNDS);
      assertThat(metrics.value("live_token_upstream_duration_seconds_count")).as("the bad request never went up")
          .isEqualTo(3);
      metrics.assertHistogram("live_token_request_duration_seconds", BOUNDS);
      assertThat(metrics.value("live_token_request_duration_seconds_count")).isEqualTo(4);
      assertThat(metrics.value("live_token_request_duration_seconds_bucket", "le", "10.0")).isEqualTo(4);
      assertThat(metrics.value("live_token_limit_fallbacks_total")).isZero();
      assertThat(metrics.value("live_token_limits_shared")).as("no REDIS_URL: counted here").isZero();

      assertThat(PrometheusText.parse(get(server.metricsPort(), "/metrics").body())
          .value("live_token_requests_total", "outcome", "minted")).as("a scrape is not a request").isEqualTo(3);
      assertThat(get(server.metricsPort(), "/other").statusCode()).isEqualTo(404);
      assertThat(get(server.port(), "/metrics").statusCode()).as("never on the public port").isEqualTo(404);
    }
  }

  @Test
  void metricsListenOnLoopbackOnly() throws Exception {
    try (MetricsServer metrics = metricsServerAlone()) {
      assertThat(metrics.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(get(metrics.port(), "/metrics").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aScrapeIsAGetOrAHeadOfMetricsOnly() throws Exception {
    try (MetricsServer metrics = metricsServerAlone()) {
      HttpResponse<String> head = send(metrics.port(), "HEAD", "/metrics");
      HttpResponse<String> post = send(metrics.port(), "POST", "/metrics");

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
      assertThat(head.body()).isEmpty();
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(post.body()).isEmpty();
      assertThat(send(metrics.port(), "POST", "/other").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withoutMetricsPortNothingListensForMetrics() throws Exception {
    try (LocalServer server = LocalServer.start(Map.of("PORT", "0", "GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl()))) {
      assertThat(server.metricsPort()).isEqualTo(-1);
      assertThat(get(server.port(), "/metrics").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void metricsPortIsCheckedAtStartUp() {
    assertThat(ServerSettings.from(Map.<String, String>of()::get).metricsPort()).isEmpty();
    assertThat(ServerSettings.from(Map.of("METRICS_PORT", " ")::get).metricsPort()).isEmpty();
    assertThat(ServerSettings.from(Map.of("METRICS_PORT", "9464")::get).metricsPort()).hasValue(9464);
    assertThat(ServerSettings.from(Map.of("METRICS_PORT", "0", "PORT", "0")::get).metricsPort()).hasValue(0);
    assertThatThrownBy(() -> ServerSettings.from(Map.of("METRICS_PORT", "3001")::get))
        .hasMessageStartingWith("METRICS_PORT must differ from PORT");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("METRICS_PORT", "8080", "PORT", "8080")::get))
        .hasMessageStartingWith("METRICS_PORT must differ from PORT");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("METRICS_PORT", "70000")::get))
        .hasMessageContaining("METRICS_PORT");
  }

  /** A metrics server of its own, beside no token server. */
  private static MetricsServer metricsServerAlone() throws Exception {
    return MetricsServer.start(0,
        TokenEndpoint.create(Settings.from(Map.of("GEMINI_BASE_URL", gemini.baseUrl())::get)));
  }

  private static HttpResponse<String> send(int port, String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return send(port, "GET", path);
  }
}
