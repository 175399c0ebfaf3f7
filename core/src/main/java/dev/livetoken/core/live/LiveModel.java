package dev.livetoken.core.live;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What one Live model's session setup takes, as Google documents it.
 *
 * @param name the model code, without the {@code models/} prefix
 * @param status where Google has the model in its life cycle
 * @param thinking what the token's {@code thinkingConfig} holds for it
 * @param blockingTools whether function declarations say {@code behavior: BLOCKING}, the synchronous calls the
 *     widget's highlight flow is written for (the model's own default is asynchronous)
 * @param shutDown the day Google turned the model off, for a shut-down one
 * @param source the Google page these rules come from
 */
public record LiveModel(
    String name, Status status, Thinking thinking, boolean blockingTools, Optional<LocalDate> shutDown,
    String source) {

  /** Where a model stands with Google. */
  public enum Status {
    STABLE,
    PREVIEW,
    LEGACY_PREVIEW,
    SHUT_DOWN,
    /** Not in the table: an operator allowed it; its setup carries nothing model-specific. */
    UNLISTED
  }

  /** What the token locks as the model's thinking. */
  public enum Thinking {
    /** No {@code thinkingConfig}: the model's own default (3.8 Live takes none; 2.5 models take a budget). */
    NONE,
    /** {@code thinkingLevel: LOW}, the seed's token. */
    LOW,
    /** {@code thinkingLevel} from {@code THINKING_LEVEL}. */
    CONFIGURED_LEVEL
  }

  /** A model the table does not know: the setup with nothing model-specific. */
  static LiveModel unlisted(String name) {
    return new LiveModel(name, Status.UNLISTED, Thinking.NONE, false, Optional.empty(), "");
  }

  public boolean isShutDown() {
    return status == Status.SHUT_DOWN;
  }
}
