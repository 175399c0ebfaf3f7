package dev.livetoken.core;

/**
 * A minted ephemeral token.
 *
 * @param token the token's resource name, {@code auth_tokens/...}, which the browser uses as its API key
 */
public record TokenResponse(String token) {}
