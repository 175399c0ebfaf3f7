package dev.livetoken.core.limit;

import java.util.OptionalLong;

/**
 * The endpoint's budgets, all counted in the same {@link Buckets} (so all shared when Redis is): for tokens,
 * {@code RATE_LIMIT_PER_MINUTE} per caller ({@link CallerKey}), then {@code GLOBAL_RATE_LIMIT_PER_MINUTE} for
 * all callers together, then a site's own budget; for session-end reports, the same per-caller allowance in
 * buckets of their own, so that reporting never eats into a caller's tokens. The caller's budget is checked
 * first, so one caller over its own limit never spends the global one.
 */
public final class RequestLimits {

  public static final String GLOBAL_KEY = "all";

  private final Buckets buckets;
  private final Budget perCaller;
  private final Budget global;
  private final Budget sessionEnd;

  public RequestLimits(Buckets buckets, int perCallerPerMinute, int globalPerMinute) {
    this.buckets = buckets;
    this.perCaller = new Budget("caller", perCallerPerMinute);
    this.global = new Budget("global", globalPerMinute);
    this.sessionEnd = new Budget("session-end", perCallerPerMinute);
  }

  /** Empty when a request from {@code clientAddress} may go on; otherwise the seconds for Retry-After. */
  public OptionalLong admit(String clientAddress) {
    OptionalLong wait = buckets.tryConsume(perCaller, CallerKey.of(clientAddress));
    return wait.isPresent() ? wait : buckets.tryConsume(global, GLOBAL_KEY);
  }

  /** Empty when a session-end report from {@code clientAddress} may go on; otherwise the seconds for Retry-After. */
  public OptionalLong admitSessionEnd(String clientAddress) {
    return buckets.tryConsume(sessionEnd, CallerKey.of(clientAddress));
  }

  /** Empty when site {@code siteKey} may have one more token this minute; otherwise the seconds for Retry-After. */
  public OptionalLong admitSite(String siteKey, int perMinute) {
    return buckets.tryConsume(new Budget("site", perMinute), siteKey);
  }
}
