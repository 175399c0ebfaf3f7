package dev.livetoken.core;

import java.time.Instant;

/**
 * One minted token and the times locked into it.
 *
 * @param name the token's resource name, {@code auth_tokens/...}
 * @param expireTime when the token stops working
 * @param newSessionExpireTime the last moment it can open a session
 */
public record MintedToken(String name, Instant expireTime, Instant newSessionExpireTime) {}
