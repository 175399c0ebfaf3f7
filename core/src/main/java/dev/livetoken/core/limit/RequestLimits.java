package dev.livetoken.core.limit;

import java.util.OptionalLong;

/**
 * The token endpoint's budgets: {@code RATE_LIMIT_PER_MINUTE} per caller ({@link CallerKey}), then
 * {@code GLOBAL_RATE_LIMIT_PER_MINUTE} for all callers together, both counted in the same {@link Buckets}.
 * The caller's budget is checked first, so one caller over its own limit never spends the global one.
 */
public final class RequestLimits {

  public static final String GLOBAL_KEY = "all";

  private final Buckets buckets;
  private final Budget perCaller;
  private final Budget global;

  public RequestLimits(Buckets buckets, int perCallerPerMinute, int globalPerMinute) {
    this.buckets = buckets;
    this.perCaller = new Budget("caller", perCallerPerMinute);
    this.global = new Budget("global", globalPerMinute);
  }

  /** Empty when a request from {@code clientAddress} may go on; otherwise the seconds for Retry-After. */
  public OptionalLong admit(String clientAddress) {
    OptionalLong wait = buckets.tryConsume(perCaller, CallerKey.of(clientAddress));
    return wait.isPresent() ? wait : buckets.tryConsume(global, GLOBAL_KEY);
  }
}
