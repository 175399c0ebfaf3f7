package dev.livetoken.core.live;

import java.util.Optional;

/**
 * The session configuration locked into one token: the request after defaults, with its prompt built.
 *
 * @param model the model minted, after aliases
 * @param sessionHandle the resumption handle of the session this one continues
 */
public record LiveSession(
    String model, String voice, Optional<String> systemInstruction, boolean interactiveHighlights,
    Optional<String> sessionHandle) {

  /** A new conversation, resuming nothing. */
  public LiveSession(String model, String voice, Optional<String> systemInstruction, boolean interactiveHighlights) {
    this(model, voice, systemInstruction, interactiveHighlights, Optional.empty());
  }
}
