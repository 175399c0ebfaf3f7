package dev.livetoken.core.live;

import dev.livetoken.core.Settings;
import java.time.Clock;

/** Mints one ephemeral token for a session. Implementations are thread-safe. */
public interface TokenMinter {

  /**
   * Returns the token's name ({@code auth_tokens/...}) and the times locked into it.
   *
   * @throws MintingException when no token could be had; its message never carries upstream text
   */
  MintedToken mint(LiveSession session);

  /** Google's minter: one SDK client for the process, built in the background from now on. */
  static TokenMinter google(Settings settings) {
    return new GenAiTokenMinter(settings, Clock.systemUTC());
  }

  /** Blocks until the minter can mint without further set-up (SnapStart priming waits on this). */
  default void awaitReady() {}
}
