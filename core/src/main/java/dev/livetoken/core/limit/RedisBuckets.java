package dev.livetoken.core.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Buckets in Redis through Bucket4j's Lettuce integration: one key per budget and caller, expiring once the
 * bucket would be full again. Every call is asynchronous; the caller decides how long to wait.
 */
final class RedisBuckets {

  static final String KEY_PREFIX = "live-token:";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  // Off the request path: the hand-shake and the warm-up of a fresh process on a busy machine, and how long a
  // command a hung Redis never answers is kept before it is dropped.
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
  }

  private final RedisClient client;
  private final RedisURI uri;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile AsyncProxyManager<String> buckets;
  private CompletableFuture<Void> connecting;
  private final Cache<String, AsyncBucketProxy> proxies =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).maximumSize(100_000).build();

  RedisBuckets(RedisAddress address) {
    RedisURI.Builder builder = RedisURI.builder()
        .withHost(address.host())
        .withPort(address.port())
        .withDatabase(address.database())
        .withSsl(address.tls())
        // Each request waits only its own timeout (SharedBuckets), whatever this says.
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
    client.setOptions(ClientOptions.builder()
        // While disconnected, fail at once rather than queue: a queued request would be counted again when
        // the connection is back, long after this instance counted it itself.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
        .build());
  }

  /** Completes when a connection is open (Lettuce then reconnects by itself when it drops). */
  synchronized CompletableFuture<Void> connect() {
    if (connecting != null && !connecting.isCompletedExceptionally()) {
      return connecting;
    }
    connecting = client.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
        .toCompletableFuture()
        .thenAccept(opened -> {
          connection = opened;
          buckets = Bucket4jLettuce.casBasedBuilder(opened.async())
              .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                  Duration.ofSeconds(10)))
              .build()
              .asAsync();
        });
    return connecting;
  }

  /** Completes when Redis answered a PING on the open connection, or opens one if there is none yet. */
  CompletableFuture<Void> probe() {
    StatefulRedisConnection<String, byte[]> open = connection;
    return open == null ? connect() : open.async().ping().toCompletableFuture().thenAccept(pong -> {});
  }

  CompletableFuture<ConsumptionProbe> tryConsume(Budget budget, String key) {
    String redisKey = KEY_PREFIX + budget.name() + ":" + key;
    return proxies.get(redisKey, k -> buckets.builder()
            // Concurrent requests for one bucket (the global one above all) go to Redis as one
            // compare-and-swap instead of racing each other's.
            .withOptimization(Optimizations.batching())
            .build(k, () -> CompletableFuture.completedFuture(BucketSettings.configuration(budget))))
        .tryConsumeAndReturnRemaining(1);
  }
}
