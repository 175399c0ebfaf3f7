package dev.livetoken.core.live;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.AuthToken;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.CreateAuthTokenConfig;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.livetoken.core.Settings;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Mints tokens with the Google Gen AI SDK through one shared, thread-safe {@link Client}. */
final class GenAiTokenMinter implements TokenMinter {

  // Google answers over HTTP/2, where one connection carries every call in flight. Over HTTP/1.1 (a proxy, a
  // stand-in of the API) each call in flight holds a connection of its own, and OkHttp's default pool keeps 5
  // of them idle: under load most calls opened a new one (BENCHMARKS.md, "Upstream connections").
  static final int IDLE_UPSTREAM_CONNECTIONS = 1024;
  // Below the 30 s after which common HTTP/1.1 servers close an idle connection.
  static final Duration UPSTREAM_KEEP_ALIVE = Duration.ofSeconds(20);

  private final CompletableFuture<Client> client;
  private final Clock clock;
  private final SessionSetup setup;

  GenAiTokenMinter(Settings settings, Clock clock) {
    this.clock = clock;
    this.setup = new SessionSetup(settings.models());
    // Building the SDK client (OkHttp and its TLS set-up) and loading the SDK's serialisers for our request
    // shape (its Jackson set-up) are most of a cold start and need nothing from each other, so both run beside
    // the rest of start-up (BENCHMARKS.md). The first mint waits for them if it must.
    CompletableFuture<Void> serializers = inBackground("genai-serializers", () -> {
      setup.tokenConfig(new LiveSession(LiveModels.DEFAULT, Voices.DEFAULT, Optional.of("warm-up"), true,
          Optional.of("warm-up")), clock.instant()).toJson();
      return null;
    });
    client = inBackground("genai-client", () -> newClient(settings)).thenCombine(serializers, (built, done) -> built);
  }

  private static <T> CompletableFuture<T> inBackground(String name, Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    });
  }

  @Override
  public void awaitReady() {
    client.join();
  }

  private static Client newClient(Settings settings) {
    HttpOptions.Builder http = HttpOptions.builder()
        .apiVersion("v1alpha") // ephemeral tokens exist only there
        // Our own callers wait on us: one attempt, bounded as a whole (OkHttp's call timeout).
        .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes().build())
        .timeout((int) settings.upstreamTimeout().toMillis());
    settings.baseUrl().ifPresent(http::baseUrl);
    // The SDK adds its time-out and retry policy to a client of ours; the socket time-outs are its own (none).
    OkHttpClient upstream = new OkHttpClient.Builder()
        .connectTimeout(Duration.ZERO)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .connectionPool(new ConnectionPool(
            IDLE_UPSTREAM_CONNECTIONS, UPSTREAM_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS))
        .build();
    return Client.builder()
        .apiKey(settings.apiKey().orElseThrow())
        .vertexAI(false)
        .httpOptions(http.build())
        .clientOptions(ClientOptions.builder().customHttpClient(upstream).build())
        .build();
  }

  @Override
  public MintedToken mint(LiveSession session) {
    // Whole seconds: the times go back to the client as they were locked in, with no precision to lose.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    CreateAuthTokenConfig config = setup.tokenConfig(session, now);
    AuthToken token;
    try {
      token = client.join().authTokens.create(config);
    } catch (ApiException e) {
      throw new MintingException(e.code() == 429
          ? MintingException.Reason.UPSTREAM_RATE_LIMITED
          : MintingException.Reason.UPSTREAM_FAILED, e.code());
    } catch (RuntimeException e) {
      throw new MintingException(timedOut(e)
          ? MintingException.Reason.UPSTREAM_TIMEOUT
          : MintingException.Reason.UPSTREAM_FAILED);
    }
    String name = token.name()
        .filter(n -> !n.isBlank())
        .orElseThrow(() -> new MintingException(MintingException.Reason.UPSTREAM_FAILED, 200));
    return new MintedToken(name, now.plus(MintedToken.LIFETIME), now.plus(MintedToken.NEW_SESSION_WINDOW));
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }
}
