package dev.livetoken.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.core.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP/1.1 each mint in flight holds an upstream connection of its own. The connections a burst opened
 * are kept for the next one, not closed down to OkHttp's default of five idle.
 */
class UpstreamConnectionsTest {

  private static final int IN_FLIGHT = 24;
  private static final byte[] TOKEN = "{\"name\":\"auth_tokens/pooled\"}".getBytes(StandardCharsets.UTF_8);

  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile CountDownLatch burst;
  private HttpServer upstream;

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext("/", this::answerOnceAllAreInFlight);
    upstream.start();
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    upstream.stop(0);
  }

  @Test
  void aSecondBurstReusesEveryConnectionTheFirstOpened() throws Exception {
    Settings settings = Settings.from(Map.of("GEMINI_API_KEY", "test-key",
        "GEMINI_BASE_URL", "http://127.0.0.1:" + upstream.getAddress().getPort())::get);
    GenAiTokenMinter minter = new GenAiTokenMinter(settings, Clock.systemUTC());

    mintBurst(minter);
    assertThat(clientPorts).hasSize(IN_FLIGHT);

    mintBurst(minter);
    assertThat(clientPorts).as("connections opened over two bursts").hasSize(IN_FLIGHT);
  }

  private void mintBurst(GenAiTokenMinter minter) throws Exception {
    burst = new CountDownLatch(IN_FLIGHT);
    LiveSession session = new LiveSession(LiveModels.DEFAULT, Voices.DEFAULT, Optional.empty(), false);
    var minted = IntStream.range(0, IN_FLIGHT)
        .mapToObj(i -> callers.submit(() -> minter.mint(session)))
        .toList();
    for (Future<MintedToken> token : minted) {
      assertThat(token.get(10, TimeUnit.SECONDS).name()).isEqualTo("auth_tokens/pooled");
    }
  }

  // Holding every answer until the whole burst has arrived puts IN_FLIGHT calls on the wire at once.
  private void answerOnceAllAreInFlight(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      clientPorts.add(exchange.getRemoteAddress().getPort());
      CountDownLatch current = burst;
      current.countDown();
      try {
        current.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, TOKEN.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(TOKEN);
      }
    }
  }
}
