package dev.livetoken.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.core.TokenEndpoint;
import dev.livetoken.core.telemetry.RequestObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code /metrics} in Prometheus's text format on {@code METRICS_PORT}, bound to loopback (where Cloud Run's
 * monitoring sidecar scrapes; never the public port): what only the endpoint knows, tokens and refusals by
 * outcome, Google's minting time, and how limits are counted. Built only when that port is set, so a server
 * without it loads no Prometheus class.
 */
final class MetricsServer implements RequestObserver, AutoCloseable {

  // 50 ms to 10 s: a mint takes a few hundred milliseconds; the upstream time-out defaults to 10 s.
  private static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
  private final Counter requests = Counter.builder().name("live_token_requests")
      .help("Requests answered, by outcome: minted, or the request log's error code").labelNames("outcome")
      .register(registry);
  private final Histogram upstream = Histogram.builder().name("live_token_upstream_duration_seconds")
      .help("Time Google took to mint a token (calls that reached it)").classicOnly().classicUpperBounds(BUCKETS)
      .register(registry);
  private final Histogram latency = Histogram.builder().name("live_token_request_duration_seconds")
      .help("Time from a request reaching the endpoint to its answer").classicOnly().classicUpperBounds(BUCKETS)
      .register(registry);
  private final HttpServer server;

  private MetricsServer(int port, TokenEndpoint endpoint) throws IOException {
    CounterWithCallback.builder().name("live_token_limit_fallbacks")
        .help("Times limits fell back from Redis to counting on this instance")
        .callback(callback -> callback.call(endpoint.limitFallbacks())).register(registry);
    GaugeWithCallback.builder().name("live_token_limits_shared")
        .help("1 while limits are counted in Redis for every instance, else 0")
        .callback(callback -> callback.call(endpoint.limitsShared() ? 1 : 0)).register(registry);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", this::serve);
    server.start();
  }

  /** Starts serving on {@code port} (0 picks a free one) and observing {@code endpoint}'s requests. */
  static MetricsServer start(int port, TokenEndpoint endpoint) throws IOException {
    MetricsServer metrics = new MetricsServer(port, endpoint);
    endpoint.observe(metrics);
    return metrics;
  }

  int port() {
    return server.getAddress().getPort();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void observe(Observation observation) {
    requests.labelValues(observation.outcome()).inc();
    latency.observe(observation.latencyMs() / 1000.0);
    if (observation.upstreamMs() >= 0) {
      upstream.observe(observation.upstreamMs() / 1000.0);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
      format.write(body, registry.scrape());
      exchange.getResponseHeaders().set("Content-Type", format.getContentType());
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.size());
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
