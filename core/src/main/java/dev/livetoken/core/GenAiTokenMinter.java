package dev.livetoken.core;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.AudioTranscriptionConfig;
import com.google.genai.types.AuthToken;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.Content;
import com.google.genai.types.CreateAuthTokenConfig;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.LiveConnectConfig;
import com.google.genai.types.LiveConnectConstraints;
import com.google.genai.types.Modality;
import com.google.genai.types.Part;
import com.google.genai.types.PrebuiltVoiceConfig;
import com.google.genai.types.Schema;
import com.google.genai.types.SpeechConfig;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.ThinkingLevel;
import com.google.genai.types.Tool;
import com.google.genai.types.Type;
import com.google.genai.types.VoiceConfig;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Mints tokens with the Google Gen AI SDK through one shared, thread-safe {@link Client}. */
final class GenAiTokenMinter implements TokenMinter {

  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
  static final Duration NEW_SESSION_WINDOW = Duration.ofMinutes(2);
  // Google answers over HTTP/2, where one connection carries every call in flight. Over HTTP/1.1 (a proxy, a
  // stand-in of the API) each call in flight holds a connection of its own, and OkHttp's default pool keeps 5
  // of them idle: under load most calls opened a new one (BENCHMARKS.md, "Upstream connections").
  static final int IDLE_UPSTREAM_CONNECTIONS = 1024;
  // Below the 30 s after which common HTTP/1.1 servers close an idle connection.
  static final Duration UPSTREAM_KEEP_ALIVE = Duration.ofSeconds(20);

  // In a holder, so that the first SDK type (and with it the SDK's Jackson set-up) is loaded in the
  // background below, not by whichever thread constructs the minter.
  private static final class HighlightTool {
    static final Tool TOOL = Tool.builder()
        .functionDeclarations(FunctionDeclaration.builder()
            .name("highlight_and_scroll")
            .description("Scrolls the page to a section or image and highlights it while you talk about it.")
            .parameters(Schema.builder()
                .type(Type.Known.OBJECT)
                .properties(Map.of("elementId", Schema.builder()
                    .type(Type.Known.STRING)
                    .description("The id of the section or image, such as sec-1 or img-3.")
                    .build()))
                .required("elementId")))
        .build();
  }

  private final CompletableFuture<Client> client;
  private final Clock clock;

  GenAiTokenMinter(Settings settings, Clock clock) {
    this.clock = clock;
    // Building the SDK client (OkHttp and its TLS set-up) and loading the SDK's serialisers for our request
    // shape (its Jackson set-up) are most of a cold start and need nothing from each other, so both run beside
    // the rest of start-up (BENCHMARKS.md). The first mint waits for them if it must.
    CompletableFuture<Void> serializers = inBackground("genai-serializers", () -> {
      tokenConfig(new LiveSession(Settings.DEFAULT_MODEL, Voices.DEFAULT, Optional.of("warm-up"), true),
          clock.instant()).toJson();
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
    CreateAuthTokenConfig config = tokenConfig(session, now);
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
    return new MintedToken(name, now.plus(TOKEN_LIFETIME), now.plus(NEW_SESSION_WINDOW));
  }

  private static CreateAuthTokenConfig tokenConfig(LiveSession session, Instant now) {
    return CreateAuthTokenConfig.builder()
        .uses(1)
        .expireTime(now.plus(TOKEN_LIFETIME))
        .newSessionExpireTime(now.plus(NEW_SESSION_WINDOW))
        // lockAdditionalFields stays unset: the SDK then sends no field mask, and the server locks every
        // field of the setup. A browser holding the token cannot swap model, voice or prompt.
        .liveConnectConstraints(LiveConnectConstraints.builder()
            .model(session.model())
            .config(liveConfig(session)))
        .build();
  }

  private static LiveConnectConfig liveConfig(LiveSession session) {
    LiveConnectConfig.Builder config = LiveConnectConfig.builder()
        .responseModalities(Modality.Known.AUDIO)
        .speechConfig(SpeechConfig.builder()
            .voiceConfig(VoiceConfig.builder()
                .prebuiltVoiceConfig(PrebuiltVoiceConfig.builder().voiceName(session.voice()))))
        .inputAudioTranscription(AudioTranscriptionConfig.builder().build())
        .outputAudioTranscription(AudioTranscriptionConfig.builder().build())
        .thinkingConfig(ThinkingConfig.builder().thinkingLevel(ThinkingLevel.Known.LOW));
    session.systemInstruction().ifPresent(text ->
        config.systemInstruction(Content.builder().role("user").parts(Part.fromText(text))));
    if (session.interactiveHighlights()) {
      config.tools(HighlightTool.TOOL);
    }
    return config.build();
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
