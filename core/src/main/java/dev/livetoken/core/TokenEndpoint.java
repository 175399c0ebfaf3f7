package dev.livetoken.core;

import dev.livetoken.core.limit.Buckets;
import dev.livetoken.core.limit.RequestLimits;
import dev.livetoken.core.live.MintingException;
import dev.livetoken.core.proof.CallerProofs;
import dev.livetoken.core.proof.Verdict;
import dev.livetoken.core.sessions.Site;
import dev.livetoken.core.telemetry.RequestObserver;
import dev.livetoken.core.telemetry.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The HTTP contract, defined once: every adapter hands its requests here and writes back what comes out.
 * Checks run in a fixed order (origin, method and path, rate limit, caller proofs, size, JSON, site, validation,
 * minting) so a refusal never costs an upstream call and a bad request gets its 400 even when the key is missing.
 */
public final class TokenEndpoint implements Function<EndpointRequest, EndpointResponse> {

  /** The path browsers post to. Cloud Functions and Function URLs also reach the function on {@code /}. */
  public static final String TOKEN_PATH = "/api/token";
  public static final String HEALTH_PATH = "/healthz";
  /** Where the widget reports a session's length, beside the token path. */
  public static final String SESSION_END_PATH = "/api/sessions/end";
  static final String ALLOW_TOKEN = "POST, OPTIONS";
  static final String RETRY_AFTER_UPSTREAM_SECONDS = "10";
  static final String PREFLIGHT_MAX_AGE_SECONDS = "7200"; // Chromium's cap
  static final long MAX_DISCARD_BYTES = 4L * 1024 * 1024;

  private final Settings settings;
  private final TokenFunction function;
  private final RequestLimits limits;
  private final CallerProofs proofs;
  private final SessionEnds sessionEnds;
  private final RequestLog log;
  private final Buckets buckets;
  private volatile RequestObserver observer = observation -> {};

  public TokenEndpoint(Settings settings, TokenFunction function) {
    this(settings, function, System.out);
  }

  /**
   * The endpoint every entry point serves: Google's minter behind the contract. The upstream client is
   * built in the background from here on; {@link #awaitReady} waits for it, the first request does if it
   * must.
   */
  public static TokenEndpoint create(Settings settings) {
    return new TokenEndpoint(settings, TokenFunction.create(settings));
  }

  TokenEndpoint(Settings settings, TokenFunction function, PrintStream logStream) {
    this.settings = settings;
    this.function = function;
    this.sessionEnds = new SessionEnds(TokenFunction.sessionIds(settings), Clock.systemUTC());
    this.log = new RequestLog(logStream, settings.requestLog(), settings.telemetry());
    this.buckets = settings.redis()
        .map(redis -> Buckets.shared(redis, settings.redisTimeout(), log::event))
        .orElseGet(Buckets::local);
    this.limits = new RequestLimits(buckets, settings.rateLimitPerMinute(), settings.globalRateLimitPerMinute());
    this.proofs = CallerProofs.create(settings.proofs(), settings.allowedOrigins(), settings.sessionSigningSecret());
    if (settings.apiKey().isEmpty()) {
      log.event("WARNING", "GEMINI_API_KEY is not set: token requests will answer 500 until it is");
    }
  }

  /**
   * Blocks until the function behind the endpoint is ready to mint. Start-up builds the upstream client in
   * the background; a platform that snapshots after start-up (SnapStart) waits here first.
   */
  public void awaitReady() {
    function.awaitReady();
  }

  /** After a snapshot restore (SnapStart): reopens the Redis connection, waiting at most REDIS_TIMEOUT_MS. */
  public void reconnect() {
    limits.reconnect();
  }

  /**
   * Writes one line to the endpoint's log, in the shape of its request lines, for an adapter's own events.
   * The message must hold no request content: it is logged as it is.
   */
  public void log(String severity, String message) {
    log.event(severity, message);
  }

  /** Lambda's form: from now on each request line also carries its metrics in CloudWatch's format (EMF). */
  public void embedMetrics() {
    log.embedMetrics();
  }

  /** From now on, {@code observer} is told of every answered request (one observer; a later call replaces it). */
  public void observe(RequestObserver observer) {
    this.observer = observer;
  }

  /** Whether budgets are counted in Redis right now (false without {@code REDIS_URL}). */
  public boolean limitsShared() {
    return buckets.shared();
  }

  /** How many times counting has fallen back from Redis to this instance since start-up. */
  public long limitFallbacks() {
    return buckets.fallbacks();
  }

  /** The same as {@link #handle}, for Spring Cloud Function's catalog. */
  @Override
  public EndpointResponse apply(EndpointRequest request) {
    return handle(request);
  }

  /** Answers one request. Never throws: every failure becomes a JSON error with its status. */
  public EndpointResponse handle(EndpointRequest request) {
    long started = System.nanoTime();
    Outcome outcome;
    try {
      outcome = decide(request);
    } catch (RuntimeException e) {
      outcome = Outcome.error(500, "Internal error", "internal_" + e.getClass().getSimpleName(), cors(request));
    }
    discardUnread(request.body());
    RequestLog.Entry entry = new RequestLog.Entry(
        requestId(),
        request.adapter(), request.method(), request.path(), outcome.response().status(),
        (System.nanoTime() - started) / 1_000_000, outcome.upstreamMs(), outcome.error(), outcome.site(),
        outcome.ended(), Trace.fromHeaders(request::header).orElse(null),
        Trace.xrayTraceId(request.xrayTrace()).orElse(null),
        outcome.proof() == null ? null : outcome.proof().code(),
        outcome.proof() == null ? null : outcome.proof().subject());
    log.record(entry);
    observer.observe(new RequestObserver.Observation(entry.outcome(), entry.latencyMs(), entry.upstreamMs()));
    return outcome.response();
  }

  /**
   * The contract's 500, with the CORS headers this request gets, for a failure in an adapter's own code around
   * {@link #handle}; {@code request} is null when the failure came before a request could be read.
   */
  public EndpointResponse internalError(EndpointRequest request) {
    return request == null ? internalErrorBeforeReading(settings)
        : EndpointResponse.json(500, cors(request), "error", "Internal error");
  }

  /** The contract's 500 for a request that could not be read (so with no origin), from the settings alone. */
  public static EndpointResponse internalErrorBeforeReading(Settings settings) {
    return EndpointResponse.json(500, settings.anyOrigin() ? Map.of("Access-Control-Allow-Origin", "*")
        : Map.of("Vary", "Origin"), "error", "Internal error");
  }

  private Outcome decide(EndpointRequest request) {
    String origin = request.header("Origin").orElse(null);
    if (origin != null && !settings.anyOrigin() && !isListed(origin)) {
      return Outcome.error(403, "Origin not allowed", "origin_refused", varyOnly());
    }
    Map<String, String> cors = cors(request);
    String path = request.path() == null ? "" : request.path();
    String method = request.method() == null ? "" : request.method();
    if (path.equals(HEALTH_PATH)) {
      return method.equals("GET")
          ? Outcome.of(EndpointResponse.json(200, cors, "status", "ok"))
          : Outcome.error(405, "Method not allowed", "method_not_allowed", with(cors, "Allow", "GET"));
    }
    boolean sessionEnd = path.equals(SESSION_END_PATH);
    if (!sessionEnd && !path.equals(TOKEN_PATH) && !path.equals("/")) {
      return Outcome.error(404, "Not found", "not_found", cors);
    }
    if (method.equals("OPTIONS")) {
      return Outcome.of(preflight(cors, proofs.headers()));
    }
    if (!method.equals("POST")) {
      return Outcome.error(405, "Method not allowed", "method_not_allowed", with(cors, "Allow", ALLOW_TOKEN));
    }
    String client = ClientAddress.resolve(
        request.peerAddress(), request.header("X-Forwarded-For").orElse(null), settings.trustedProxies());
    RequestLimits.Admission admission = sessionEnd ? limits.admitSessionEnd(client) : limits.admit(client);
    OptionalLong wait = admission.refusal();
    if (wait.isPresent()) {
      return Outcome.error(429, "Too many requests", "rate_limited",
          with(cors, "Retry-After", Long.toString(wait.getAsLong())));
    }
    Verdict proof = sessionEnd ? null : proofs.check(request::header, client, admission);
    if (proof != null && !proof.passed()) {
      Map<String, String> headers = new LinkedHashMap<>(cors);
      headers.putAll(proof.refusal().headers());
      return Outcome.error(proof.refusal().status(), proof.refusal().message(), proof.refusedCode(), headers)
          .withProof(proof);
    }
    byte[] body;
    try {
      body = readLimited(request);
    } catch (IOException e) {
      // The client stopped sending mid-body (it has most likely gone): its own fault, not ours.
      return Outcome.error(400, "Request body could not be read", "body_unreadable", cors);
    }
    if (body == null) {
      return Outcome.error(413, "Request body exceeds " + settings.maxBodyBytes() + " bytes", "body_too_large", cors);
    }
    if (sessionEnd) {
      try {
        return new Outcome(new EndpointResponse(204, with(cors, "Cache-Control", "no-store"), new byte[0]),
            null, -1, null, sessionEnds.read(body), null);
      } catch (InvalidRequestException e) {
        return Outcome.error(400, e.getMessage(), "invalid_request", cors);
      }
    }
    return token(body, origin, cors, admission).withProof(proof);
  }

  private Outcome token(byte[] body, String origin, Map<String, String> cors, RequestLimits.Admission admission) {
    TokenRequest tokenRequest;
    try {
      tokenRequest = TokenRequestReader.read(body);
    } catch (InvalidRequestException e) {
      return Outcome.error(400, e.getMessage(), "invalid_request", cors);
    }
    Site site = null;
    if (!settings.sites().isEmpty()) {
      site = settings.sites().find(tokenRequest.siteKey()).orElse(null);
      if (site == null) {
        return Outcome.error(403, "Field 'siteKey' must name a configured site", "site_unknown", cors);
      }
      Outcome refused = siteRefusal(site, origin, cors, admission);
      if (refused != null) {
        return refused.forSite(site.key());
      }
    }
    return mint(tokenRequest, cors).forSite(site == null ? null : site.key());
  }

  /** Null when the site may have a token: the request comes from one of its origins, within its budget. */
  private Outcome siteRefusal(Site site, String origin, Map<String, String> cors,
      RequestLimits.Admission admission) {
    if (origin == null || Origins.canonical(origin).filter(site.origins()::contains).isEmpty()) {
      return Outcome.error(403, "Origin not allowed for this site key", "site_origin_refused", cors);
    }
    OptionalLong wait = admission.admitSite(site.key(), site.ratePerMinute());
    return wait.isEmpty() ? null : Outcome.error(429, "Too many requests for this site", "site_rate_limited",
        with(cors, "Retry-After", Long.toString(wait.getAsLong())));
  }

  private Outcome mint(TokenRequest tokenRequest, Map<String, String> cors) {
    long upstreamStarted = System.nanoTime();
    try {
      TokenResponse token = function.apply(tokenRequest);
      return new Outcome(EndpointResponse.token(cors, token), null, elapsedMs(upstreamStarted), null, null, null);
    } catch (InvalidRequestException e) {
      return Outcome.error(400, e.getMessage(), "invalid_request", cors);
    } catch (MintingException e) {
      Outcome failure = switch (e.reason()) {
        case NOT_CONFIGURED -> Outcome.error(500, "Server configuration error", "not_configured", cors);
        case UPSTREAM_RATE_LIMITED -> Outcome.error(503, "Token service is busy, try again shortly",
            "upstream_rate_limited", with(cors, "Retry-After", RETRY_AFTER_UPSTREAM_SECONDS));
        case UPSTREAM_TIMEOUT -> Outcome.error(504, "Token creation timed out", "upstream_timeout", cors);
        case UPSTREAM_FAILED -> Outcome.error(502, "Token creation failed",
            "upstream_failed" + (e.upstreamStatus() > 0 ? "_" + e.upstreamStatus() : ""), cors);
      };
      return new Outcome(failure.response(), failure.error(),
          e.reason() == MintingException.Reason.NOT_CONFIGURED ? -1 : elapsedMs(upstreamStarted), null, null, null);
    }
  }

  /**
   * Reads off and throws away what a refused request still has in flight. HTTP servers (the JDK's, Jetty)
   * close a connection whose request body is unread, and a client still sending is then reset before it
   * reads our answer. Past the cap, closing is the cheaper outcome.
   */
  private static void discardUnread(InputStream body) {
    byte[] sink = new byte[16 * 1024];
    try {
      for (long left = MAX_DISCARD_BYTES; left > 0; ) {
        int n = body.read(sink, 0, (int) Math.min(sink.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException e) {
      // the client went away; there is no connection left to keep
    }
  }

  /**
   * Random per request. Not ThreadLocalRandom: its seed would be frozen into a SnapStart snapshot and every
   * restored instance would repeat the same ids; UUID draws on SecureRandom, which
   * AWS keeps unique across SnapStart restores.
   */
  private static String requestId() {
    UUID id = UUID.randomUUID();
    return Long.toHexString(id.getMostSignificantBits() ^ id.getLeastSignificantBits());
  }

  private boolean isListed(String origin) {
    return Origins.canonical(origin).map(settings.allowedOrigins()::contains).orElse(false);
  }

  /** CORS headers for a request whose origin passed the policy. */
  private Map<String, String> cors(EndpointRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (settings.anyOrigin()) {
      headers.put("Access-Control-Allow-Origin", "*");
    } else {
      request.header("Origin").filter(this::isListed)
          .ifPresent(origin -> headers.put("Access-Control-Allow-Origin", origin));
      headers.put("Vary", "Origin");
    }
    return headers;
  }

  private Map<String, String> varyOnly() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Vary", "Origin");
    return headers;
  }

  private static EndpointResponse preflight(Map<String, String> cors, List<String> proofHeaders) {
    Map<String, String> headers = new LinkedHashMap<>(cors);
    headers.put("Access-Control-Allow-Methods", ALLOW_TOKEN);
    headers.put("Access-Control-Allow-Headers", String.join(", ", Stream.concat(
        Stream.of("Content-Type"), proofHeaders.stream()).toList()));
    headers.put("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
    headers.put("Cache-Control", "no-store");
    return new EndpointResponse(204, headers, new byte[0]);
  }

  /** The body, or null when it is larger than allowed; never reads more than one byte past the limit. */
  private byte[] readLimited(EndpointRequest request) throws IOException {
    int max = settings.maxBodyBytes();
    String declared = request.header("Content-Length").orElse(null);
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > max) {
          return null;
        }
      } catch (NumberFormatException e) {
        // the transport accepted it; the read below still enforces the limit
      }
    }
    // Not closed here: the stream is the adapter's, which may still need to drain it.
    // One byte past the limit tells an oversize body; MAX_BODY_BYTES may be Integer.MAX_VALUE.
    byte[] body = request.body().readNBytes((int) Math.min(Integer.MAX_VALUE, max + 1L));
    return body.length > max ? null : body;
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return copy;
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private record Outcome(EndpointResponse response, String error, long upstreamMs, String site,
      SessionEnds.Ended ended, Verdict proof) {

    static Outcome of(EndpointResponse response) {
      return new Outcome(response, null, -1, null, null, null);
    }

    static Outcome error(int status, String message, String code, Map<String, String> headers) {
      return new Outcome(EndpointResponse.json(status, headers, "error", message), code, -1, null, null, null);
    }

    Outcome forSite(String key) {
      return new Outcome(response, error, upstreamMs, key, ended, proof);
    }

    Outcome withProof(Verdict verdict) {
      return new Outcome(response, error, upstreamMs, site, ended, verdict);
    }
  }
}
