package dev.livetoken.core.limit;

import dev.livetoken.core.limit.Buckets.Take;
import dev.livetoken.core.limit.Buckets.Waited;
import java.util.List;
import java.util.OptionalLong;

/**
 * The endpoint's budgets, all counted in the same {@link Buckets} (so all shared when Redis is): for tokens,
 * {@code RATE_LIMIT_PER_MINUTE} per caller ({@link CallerKey}), then {@code GLOBAL_RATE_LIMIT_PER_MINUTE} for
 * all callers together, then a site's own budget; for session-end reports, the same per-caller allowance in
 * buckets of their own, so that reporting never eats into a caller's tokens. The caller's budget is checked
 * first, so one caller over its own limit never spends the global one. The caller's and the global budget are
 * one call to the store; a site's, known only once the body is read, a second one within the same request's
 * bound.
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

  /** A token request from {@code clientAddress}, checked against the caller's and the global budget. */
  public Admission admit(String clientAddress) {
    return new Admission(List.of(new Take(perCaller, CallerKey.of(clientAddress)), new Take(global, GLOBAL_KEY)));
  }

  /** A session-end report from {@code clientAddress}, checked against the caller's reporting budget. */
  public Admission admitSessionEnd(String clientAddress) {
    return new Admission(List.of(new Take(sessionEnd, CallerKey.of(clientAddress))));
  }

  /** After a snapshot restore: the shared store's connection opened anew (nothing for local counting). */
  public void reconnect() {
    buckets.reconnect();
  }

  /** One request's admission: whether it may go on, and its site's budget, checked later in the same bound. */
  public final class Admission {

    private final Waited waited = new Waited();
    private final OptionalLong refusal;

    private Admission(List<Take> takes) {
      refusal = buckets.tryConsume(takes, waited);
    }

    /** Empty when the request may go on; otherwise the seconds for Retry-After. */
    public OptionalLong refusal() {
      return refusal;
    }

    /** Empty when site {@code siteKey} may have one more token this minute; otherwise the seconds for Retry-After. */
    public OptionalLong admitSite(String siteKey, int perMinute) {
      return admit(new Budget("site", perMinute), siteKey);
    }

    /** Empty when {@code key} may have one more of {@code budget} this minute; otherwise the seconds for Retry-After. */
    public OptionalLong admit(Budget budget, String key) {
      return buckets.tryConsume(List.of(new Take(budget, key)), waited);
    }
  }
}
