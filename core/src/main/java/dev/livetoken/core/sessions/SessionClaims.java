package dev.livetoken.core.sessions;

import java.time.Instant;

/**
 * What a session id says about its session. Nothing secret and nothing from the page.
 *
 * @param site the site key the token was minted for; empty when no sites are configured
 * @param model the Live model locked into the token
 * @param voice the voice locked into the token
 * @param expireTime the token's expiry, in whole seconds
 * @param nonce random, so that two sessions never share an id
 */
public record SessionClaims(String site, String model, String voice, Instant expireTime, String nonce) {}
