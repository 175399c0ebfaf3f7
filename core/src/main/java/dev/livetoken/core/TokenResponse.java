package dev.livetoken.core;

import dev.livetoken.core.sessions.SessionMeta;

/**
 * A minted ephemeral token.
 *
 * @param token the token's resource name, {@code auth_tokens/...}, which the browser uses as its API key
 * @param sessionMeta the session's signed id and the times locked into the token
 */
public record TokenResponse(String token, SessionMeta sessionMeta) {}
