package dev.livetoken.core.live;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator configures of the models: which may be minted, the default, the aliases that move pages
 * from one model to another, and what every session's setup carries.
 *
 * @param allowed {@code ALLOWED_MODELS}
 * @param defaultModel {@code DEFAULT_MODEL}: minted for a request that names no model
 * @param aliases {@code MODEL_ALIASES}: a request for a key is minted as its value, with its value's rules
 * @param thinkingLevel {@code THINKING_LEVEL}, for the models whose level is configured
 * @param sessionResumption {@code SESSION_RESUMPTION}: tokens lock {@code sessionResumption}, so Google issues
 *     resumption handles and a token can carry one
 * @param contextCompression {@code CONTEXT_COMPRESSION}: tokens lock a sliding-window context compression,
 *     which lifts the 15-minute limit of audio sessions
 */
public record ModelSettings(
    Set<String> allowed,
    String defaultModel,
    Map<String, String> aliases,
    ThinkingLevel thinkingLevel,
    boolean sessionResumption,
    boolean contextCompression) {

  /** The levels Google documents for {@code gemini-3.8-live-extended-thinking}. */
  public enum ThinkingLevel {
    LOW,
    MEDIUM,
    HIGH;

    /** {@code low}, {@code medium} or {@code high}, in any case; empty for anything else. */
    public static Optional<ThinkingLevel> parse(String text) {
      for (ThinkingLevel level : values()) {
        if (level.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
          return Optional.of(level);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Checks how the settings fit together.
   *
   * @throws IllegalArgumentException naming the variable
   */
  public ModelSettings {
    allowed = Set.copyOf(allowed);
    aliases = Map.copyOf(aliases);
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("ALLOWED_MODELS must name at least one model");
    }
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      String requested = alias.getKey();
      String minted = alias.getValue();
      if (requested.equals(minted)) {
        throw new IllegalArgumentException("MODEL_ALIASES maps " + requested + " to itself");
      }
      if (aliases.containsKey(minted)) {
        throw new IllegalArgumentException(
            "MODEL_ALIASES maps " + requested + " to " + minted + ", which is itself an alias: name the final model");
      }
      if (!allowed.contains(minted)) {
        throw new IllegalArgumentException(
            "MODEL_ALIASES maps " + requested + " to " + minted + ", which ALLOWED_MODELS does not allow");
      }
      refuseShutDown(minted, "MODEL_ALIASES maps " + requested + " to " + minted);
    }
  }

  /** The model a request for {@code requested} is minted as: its alias's target, or itself if allowed. */
  public Optional<String> resolve(String requested) {
    String minted = aliases.getOrDefault(requested, requested);
    return allowed.contains(minted) ? Optional.of(minted) : Optional.empty();
  }

  /**
   * Checks an explicitly set {@code DEFAULT_MODEL}; the seed's default is left to the request-time check, so
   * that an {@code ALLOWED_MODELS} without it still starts (every request then has to name its model).
   *
   * @throws IllegalArgumentException naming the variable
   */
  public ModelSettings requireDefaultAllowed() {
    String minted = resolve(defaultModel).orElseThrow(() -> new IllegalArgumentException(
        "DEFAULT_MODEL must be one of ALLOWED_MODELS (or a model MODEL_ALIASES maps to one)"));
    refuseShutDown(minted, "DEFAULT_MODEL " + defaultModel);
    return this;
  }

  private static void refuseShutDown(String model, String what) {
    LiveModels.known(model).filter(LiveModel::isShutDown).ifPresent(row -> {
      throw new IllegalArgumentException(what + ", which Google shut down on " + row.shutDown().orElseThrow());
    });
  }
}
