package dev.livetoken.core.sessions;

import java.time.Instant;

/**
 * What a client learns about the session its token opens, beside the token.
 *
 * @param sessionId signed, opaque to the client; handed back to {@code /api/sessions/end}
 * @param expireTime when the token stops working, exactly as locked into it
 * @param newSessionExpireTime the last moment the token can open a session, exactly as locked into it
 */
public record SessionMeta(String sessionId, Instant expireTime, Instant newSessionExpireTime) {}
