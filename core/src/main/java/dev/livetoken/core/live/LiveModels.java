package dev.livetoken.core.live;

import static dev.livetoken.core.live.LiveModel.Status.LEGACY_PREVIEW;
import static dev.livetoken.core.live.LiveModel.Status.PREVIEW;
import static dev.livetoken.core.live.LiveModel.Status.SHUT_DOWN;
import static dev.livetoken.core.live.LiveModel.Status.STABLE;

import dev.livetoken.core.live.LiveModel.Thinking;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The table of Live models: the one place that knows what each model's setup takes (README, "Models").
 * Read from Google's pages in December 2026; each row names its page.
 */
public final class LiveModels {

  /** The seed's default, and the ArionTalk widget's. */
  public static final String DEFAULT = "gemini-3.1-flash-live-preview";

  private static final String DOCS = "https://ai.google.dev/gemini-api/docs/";
  private static final LocalDate DECEMBER_9_2025 = LocalDate.of(2025, 12, 9);

  static final List<LiveModel> TABLE = List.of(
      new LiveModel("gemini-3.8-live", STABLE, Thinking.NONE, true, Optional.empty(),
          DOCS + "models/gemini-3.8-live"),
      new LiveModel("gemini-3.8-live-extended-thinking", STABLE, Thinking.CONFIGURED_LEVEL, true, Optional.empty(),
          DOCS + "live-api/thinking"),
      new LiveModel(DEFAULT, LEGACY_PREVIEW, Thinking.LOW, false, Optional.empty(),
          DOCS + "models/gemini-3.8-live"),
      new LiveModel("gemini-2.5-flash-native-audio-preview-12-2025", PREVIEW, Thinking.NONE, false, Optional.empty(),
          DOCS + "deprecations"),
      new LiveModel("gemini-2.5-flash-native-audio-preview-09-2025", PREVIEW, Thinking.NONE, false, Optional.empty(),
          DOCS + "deprecations"),
      new LiveModel("gemini-live-2.5-flash-preview", SHUT_DOWN, Thinking.NONE, false, Optional.of(DECEMBER_9_2025),
          DOCS + "deprecations"),
      new LiveModel("gemini-2.0-flash-live-001", SHUT_DOWN, Thinking.NONE, false, Optional.of(DECEMBER_9_2025),
          DOCS + "deprecations"));

  private static final Map<String, LiveModel> BY_NAME =
      TABLE.stream().collect(Collectors.toUnmodifiableMap(LiveModel::name, model -> model));

  private LiveModels() {}

  /** Every model in the table, shut-down ones included. */
  public static List<LiveModel> all() {
    return TABLE;
  }

  /** The models Google serves today, in the table's order: {@code ALLOWED_MODELS}' default. */
  public static List<String> served() {
    return TABLE.stream().filter(model -> !model.isShutDown()).map(LiveModel::name).toList();
  }

  /** The table's row for {@code name}, or the setup with nothing model-specific for a model it does not list. */
  public static LiveModel rulesFor(String name) {
    return known(name).orElseGet(() -> LiveModel.unlisted(name));
  }

  public static Optional<LiveModel> known(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
