package dev.livetoken.core.limit;

import dev.livetoken.core.limit.Buckets.Take;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Buckets in Redis, all of one request's in one atomic Lua script (one round trip, no retries however many
 * instances contend for a key): one hash per budget and key, expiring once the bucket would be full again. The
 * budget travels with each call, so a changed limit applies at once; Redis's own clock refills the buckets, and
 * a call that reaches Redis after its deadline counts nothing. Every call is asynchronous; the caller decides
 * how long to wait.
 */
final class RedisBuckets {

  static final String KEY_PREFIX = "live-token:";

  /** What one call answered: refused at take {@code refusedAt} (1-based, 0 for none), or too late. */
  record Answer(boolean tooLate, int refusedAt, long waitMillis) {}

  // KEYS: the buckets, in order. ARGV[1]: the deadline in Redis's clock (ms); ARGV[1 + i]: KEYS[i]'s budget per
  // minute. Each bucket holds up to its budget, refilled continuously over a minute; a raised budget adds the
  // difference at once, a lowered one caps what is left. Stops at the first empty bucket: {i, ms until it
  // holds one}; {0, 0} when every bucket gave one; {-1, 0} past the deadline, having changed nothing. Each answer
  // ends with Redis's clock (ms).
  static final String SCRIPT = """
      local time = redis.call('TIME')
      local now = time[1] * 1000 + time[2] / 1000
      local clock = math.floor(now)
      if now > tonumber(ARGV[1]) then
        return {-1, 0, clock}
      end
      for i, key in ipairs(KEYS) do
        local budget = tonumber(ARGV[i + 1])
        local state = redis.call('HMGET', key, 'tokens', 'at', 'budget')
        local tokens = budget
        if state[1] then
          tokens = tonumber(state[1]) + math.max(budget - tonumber(state[3]), 0)
          tokens = math.min(budget, tokens + math.max(now - tonumber(state[2]), 0) * budget / 60000)
        end
        if tokens < 1 then
          return {i, math.ceil((1 - tokens) * 60000 / budget), clock}
        end
        tokens = tokens - 1
        redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now), 'budget', budget)
        redis.call('PEXPIRE', key, math.ceil((budget - tokens) * 60000 / budget))
      end
      return {0, 0, clock}
      """;
  private static final String SCRIPT_SHA = sha1(SCRIPT);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  // Off the request path: how long a command a hung Redis never answers is kept before it is dropped. Each
  // request waits only its own bound (SharedBuckets), whatever this says.
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  // Without an SLF4J provider (the doors have none) Lettuce logs through java.util.logging, several
  // multi-line entries per reconnect attempt; the one line SharedBuckets writes per switch says what matters.
  // Held here because java.util.logging keeps loggers only weakly.
  private static final Logger LETTUCE_LOG = Logger.getLogger("io.lettuce.core");
  private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

  static {
    LETTUCE_LOG.setLevel(Level.OFF);
    NETTY_LOG.setLevel(Level.OFF);
    // Nor SLF4J's three-line note that it has no provider, printed when Lettuce first looks for one, nor
    // Java 25's four-line "WARNING: sun.misc.Unsafe::allocateMemory has been called by io.netty..." (Netty
    // works without Unsafe; the few buffers one connection needs do not miss it). An operator's own choice wins.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "true");
    }
    // Nor Lettuce's JFR events: registering them costs a fresh process about 300 ms of CPU on its first connect.
    if (System.getProperty("io.lettuce.core.jfr") == null) {
      System.setProperty("io.lettuce.core.jfr", "false");
    }
  }

  private final RedisClient client;
  private final RedisURI uri;
  private volatile StatefulRedisConnection<String, String> connection;
  // Redis's clock minus this instance's, in ms, as the last answer showed it.
  private volatile long clockOffsetMillis;
  private volatile boolean scriptLoaded;
  private CompletableFuture<Void> connecting;

  RedisBuckets(RedisAddress address) {
    RedisURI.Builder builder = RedisURI.builder()
        .withHost(address.host())
        .withPort(address.port())
        .withDatabase(address.database())
        .withSsl(address.tls())
        .withTimeout(COMMAND_TIMEOUT);
    address.password().ifPresent(password -> {
      if (address.user().isPresent()) {
        builder.withAuthentication(address.user().get(), password.toCharArray());
      } else {
        builder.withPassword(password.toCharArray());
      }
    });
    uri = builder.build();
    // Reconnect attempts back off to at most one a second, so a Redis that comes back is used again soon.
    ClientResources resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    client = RedisClient.create(resources);
    ClientOptions.Builder options = ClientOptions.builder()
        // While disconnected, fail at once rather than queue: a queued request would be counted again when
        // the connection is back, long after this instance counted it itself.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build());
    RedisTls.options(address).ifPresent(options::sslOptions);
    client.setOptions(options.build());
  }

  /**
   * Completes when a connection is open (Lettuce then reconnects by itself when it drops); a failed attempt is
   * tried again on the next call.
   */
  synchronized CompletableFuture<Void> connect() {
    if (connecting != null && !connecting.isCompletedExceptionally()) {
      return connecting;
    }
    connecting = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenAccept(opened -> {
      scriptLoaded = false;
      connection = opened;
    });
    return connecting;
  }

  /** Drops the connection (one a snapshot restored is dead) so that the next {@link #connect} opens another. */
  synchronized void disconnect() {
    StatefulRedisConnection<String, String> open = connection;
    connection = null;
    connecting = null;
    if (open != null) {
      open.closeAsync();
    }
  }

  /**
   * One call for all of {@code takes}, counting nothing if it reaches Redis more than {@code waitNanos} from
   * now (by Redis's clock, which each answer relates to this instance's).
   */
  CompletableFuture<Answer> tryConsume(List<Take> takes, long waitNanos) {
    StatefulRedisConnection<String, String> open = connection;
    if (open == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
    }
    String[] keys = new String[takes.size()];
    String[] args = new String[takes.size() + 1];
    long sent = System.currentTimeMillis();
    args[0] = waitNanos == Long.MAX_VALUE ? Long.toString(Long.MAX_VALUE)
        : Long.toString(sent + clockOffsetMillis + TimeUnit.NANOSECONDS.toMillis(waitNanos));
    for (int i = 0; i < keys.length; i++) {
      Take take = takes.get(i);
      keys[i] = KEY_PREFIX + take.budget().name() + ":" + take.key();
      args[i + 1] = Integer.toString(take.budget().perMinute());
    }
    RedisAsyncCommands<String, String> commands = open.async();
    // The script itself on a connection's first call, its digest after; a Redis that restarted since (and lost
    // its scripts) gets it again.
    CompletableFuture<List<Object>> reply = scriptLoaded
        ? commands.<List<Object>>evalsha(SCRIPT_SHA, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
            .exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
                ? commands.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                : CompletableFuture.failedFuture(failure))
        : commands.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
    return reply.thenApply(values -> {
      long received = System.currentTimeMillis();
      scriptLoaded = true;
      clockOffsetMillis = (Long) values.get(2) - (sent + received) / 2;
      long status = (Long) values.get(0);
      return new Answer(status < 0, (int) Math.max(status, 0), (Long) values.get(1));
    });
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }
}
