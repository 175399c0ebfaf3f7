package dev.livetoken.core.live;

import java.time.Duration;
import java.time.Instant;

/**
 * One minted token and the times locked into it.
 *
 * @param name the token's resource name, {@code auth_tokens/...}
 * @param expireTime when the token stops working
 * @param newSessionExpireTime the last moment it can open a session
 */
public record MintedToken(String name, Instant expireTime, Instant newSessionExpireTime) {

  /** How long a token works after it is minted. */
  public static final Duration LIFETIME = Duration.ofMinutes(30);
  /** How long after minting a token can still open a session. */
  public static final Duration NEW_SESSION_WINDOW = Duration.ofMinutes(2);
}
