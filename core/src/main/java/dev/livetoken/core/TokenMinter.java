package dev.livetoken.core;

/** Mints one ephemeral token for a session. Implementations are thread-safe. */
public interface TokenMinter {

  /**
   * Returns the token's name ({@code auth_tokens/...}) and the times locked into it.
   *
   * @throws MintingException when no token could be had; its message never carries upstream text
   */
  MintedToken mint(LiveSession session);

  /** Blocks until the minter can mint without further set-up (SnapStart priming waits on this). */
  default void awaitReady() {}
}
