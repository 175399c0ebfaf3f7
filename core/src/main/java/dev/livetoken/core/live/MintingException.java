package dev.livetoken.core.live;

/** Why a token could not be minted. The message is ours, never the upstream's, and never holds the key. */
public final class MintingException extends RuntimeException {

  /** The failure classes the HTTP contract maps to statuses. */
  public enum Reason {
    NOT_CONFIGURED,
    UPSTREAM_FAILED,
    UPSTREAM_RATE_LIMITED,
    UPSTREAM_TIMEOUT
  }

  private final Reason reason;
  private final int upstreamStatus;

  public MintingException(Reason reason, int upstreamStatus) {
    super(reason.name().toLowerCase(java.util.Locale.ROOT)
        + (upstreamStatus > 0 ? " (upstream " + upstreamStatus + ")" : ""), null, false, false);
    this.reason = reason;
    this.upstreamStatus = upstreamStatus;
  }

  public MintingException(Reason reason) {
    this(reason, 0);
  }

  public Reason reason() {
    return reason;
  }

  /** The upstream HTTP status when there was one, else 0. */
  public int upstreamStatus() {
    return upstreamStatus;
  }
}
