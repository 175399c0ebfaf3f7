package dev.livetoken.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * What Google's Live API accepts in a token's session setup, per model, as its pages say (README, "Models"),
 * written out independently of the code under test so that a setup Google would refuse fails our tests.
 */
public final class GoogleLiveRules {

  /** The Live models Google serves (ai.google.dev/gemini-api/docs/models, .../deprecations, December 2026). */
  public static final Set<String> SERVED = Set.of(
      "gemini-3.8-live",
      "gemini-3.8-live-extended-thinking",
      "gemini-3.1-flash-live-preview",
      "gemini-2.5-flash-native-audio-preview-12-2025",
      "gemini-2.5-flash-native-audio-preview-09-2025");
  /** Shut down on 2025-12-09 (.../deprecations). */
  public static final Set<String> SHUT_DOWN = Set.of("gemini-2.0-flash-live-001", "gemini-live-2.5-flash-preview");

  private static final Set<String> EXTENDED_THINKING_LEVELS = Set.of("LOW", "MEDIUM", "HIGH");

  private GoogleLiveRules() {}

  /**
   * Why Google would refuse this token request, or empty if it would accept it.
   *
   * @param alsoServed models a test says Google serves besides {@link #SERVED} (a model newer than the table)
   */
  public static Optional<String> violation(JsonNode tokenRequest, Set<String> alsoServed) {
    JsonNode setup = tokenRequest.path("bidiGenerateContentSetup");
    if (setup.isMissingNode()) {
      return Optional.empty();
    }
    String model = setup.path("model").asText().replaceFirst("^models/", "");
    if (SHUT_DOWN.contains(model)) {
      return Optional.of("model " + model + " was shut down");
    }
    if (!SERVED.contains(model) && !alsoServed.contains(model)) {
      return Optional.of("model " + model + " is not a Live model");
    }
    JsonNode generation = setup.path("generationConfig");
    JsonNode thinking = generation.path("thinkingConfig");
    if (!generation.path("responseModalities").toString().equals("[\"AUDIO\"]")) {
      return Optional.of("native-audio Live models answer in AUDIO only");
    }
    if (model.startsWith("gemini-2.5-") && thinking.has("thinkingLevel")) {
      return Optional.of("Gemini 2.5 models take a thinking budget, not a level");
    }
    if (model.startsWith("gemini-3") && thinking.has("thinkingBudget")) {
      return Optional.of("Gemini 3 models take a thinking level, not a budget");
    }
    if (model.equals("gemini-3.8-live") && !thinking.isMissingNode()) {
      return Optional.of("gemini-3.8-live does not support thinking_level: omit thinking_config");
    }
    if (model.equals("gemini-3.8-live-extended-thinking") && thinking.has("thinkingLevel")
        && !EXTENDED_THINKING_LEVELS.contains(thinking.path("thinkingLevel").asText())) {
      return Optional.of("gemini-3.8-live-extended-thinking takes thinking_level low, medium or high");
    }
    if (model.startsWith("gemini-3.8-live")) {
      if (!setup.path("proactivity").path("proactiveAudio").asBoolean(true)
          || !generation.path("proactivity").path("proactiveAudio").asBoolean(true)) {
        return Optional.of("proactive audio is always on for 3.8 Live: proactive_audio false is an error");
      }
      if (setup.has("enableAffectiveDialog") || generation.has("enableAffectiveDialog")) {
        return Optional.of("affective dialog was removed from 3.8 Live");
      }
    }
    return Optional.empty();
  }
}
