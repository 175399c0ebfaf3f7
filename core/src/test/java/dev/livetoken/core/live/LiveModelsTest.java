package dev.livetoken.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.GoogleLiveRules;
import dev.livetoken.core.Settings;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table against Google's rules as the fake Gemini API enforces them: if they disagree, this fails. */
class LiveModelsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  static Set<String> servedModels() {
    return GoogleLiveRules.SERVED;
  }

  @Test
  void theDefaultListIsWhatGoogleServesAndTheShutDownModelsAreMarked() {
    assertThat(LiveModels.served()).containsExactlyInAnyOrderElementsOf(GoogleLiveRules.SERVED);
    assertThat(LiveModels.all().stream().filter(LiveModel::isShutDown).map(LiveModel::name))
        .containsExactlyInAnyOrderElementsOf(GoogleLiveRules.SHUT_DOWN);
    assertThat(LiveModels.all()).allSatisfy(model -> {
      assertThat(model.source()).startsWith("https://ai.google.dev/gemini-api/docs/");
      assertThat(model.shutDown().isPresent()).isEqualTo(model.isShutDown());
    });
    assertThat(LiveModels.served()).first().as("Google's default first").isEqualTo("gemini-3.8-live");
  }

  @ParameterizedTest
  @MethodSource("servedModels")
  void everySetupTheTableMakesForAServedModelIsOneGoogleAccepts(String model) {
    for (String level : new String[] {"low", "medium", "high"}) {
      for (boolean highlights : new boolean[] {false, true}) {
        minter("THINKING_LEVEL", level).mint(new LiveSession(model, "Puck", Optional.of("Page"), highlights,
            Optional.of("handle-1")));
        minter("THINKING_LEVEL", level, "SESSION_RESUMPTION", "false", "CONTEXT_COMPRESSION", "false")
            .mint(new LiveSession(model, "Puck", Optional.empty(), highlights));
      }
    }
    assertThat(gemini.refusals()).isEmpty();
    assertThat(gemini.tokenRequestCount()).isEqualTo(12);
  }

  @Test
  void theFakeRefusesWhatTheTableWouldGetWrongForEachModel() throws Exception {
    // The seed's lock of thinking level LOW, sent to the models whose pages say otherwise.
    for (String model : new String[] {"gemini-3.8-live", "gemini-2.5-flash-native-audio-preview-12-2025",
        "gemini-2.5-flash-native-audio-preview-09-2025"}) {
      assertThat(GoogleLiveRules.violation(setup(model, "{\"thinkingConfig\":{\"thinkingLevel\":\"LOW\"}}"), Set.of()))
          .as(model).isPresent();
    }
    assertThat(GoogleLiveRules.violation(setup("gemini-3.8-live-extended-thinking",
        "{\"thinkingConfig\":{\"thinkingLevel\":\"MINIMAL\"}}"), Set.of())).isPresent();
    assertThat(GoogleLiveRules.violation(setup("gemini-3.1-flash-live-preview",
        "{\"thinkingConfig\":{\"thinkingBudget\":1024}}"), Set.of())).isPresent();
    assertThat(GoogleLiveRules.violation(setup("gemini-3.8-live", "{\"enableAffectiveDialog\":true}"), Set.of()))
        .isPresent();
    assertThat(GoogleLiveRules.violation(setup("gemini-9-live", "{}"), Set.of())).isPresent();
    assertThat(GoogleLiveRules.violation(setup("gemini-9-live", "{}"), Set.of("gemini-9-live"))).isEmpty();
    assertThat(GoogleLiveRules.violation(setup("gemini-3.8-live", "{}"), Set.of())).isEmpty();
  }

  @Test
  void aShutDownModelCostsAnUpstreamCallGoogleRefuses() {
    for (String model : GoogleLiveRules.SHUT_DOWN) {
      assertThatThrownBy(() -> minter("ALLOWED_MODELS", model).mint(new LiveSession(model, "Kore", Optional.empty(), false)))
          .isInstanceOfSatisfying(MintingException.class, e -> assertThat(e.upstreamStatus()).isEqualTo(400));
    }
    assertThat(gemini.refusals()).hasSize(GoogleLiveRules.SHUT_DOWN.size());
  }

  @Test
  void anUnlistedModelHasNoRulesOfItsOwn() {
    assertThat(LiveModels.rulesFor("gemini-9-live")).isEqualTo(new LiveModel("gemini-9-live",
        LiveModel.Status.UNLISTED, LiveModel.Thinking.NONE, false, Optional.empty(), ""));
    assertThat(LiveModels.rulesFor("gemini-3.8-live").blockingTools()).isTrue();
    assertThat(LiveModels.known("gemini-9-live")).isEmpty();
  }

  private static com.fasterxml.jackson.databind.JsonNode setup(String model, String generationExtra) throws Exception {
    var generation = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(generationExtra);
    generation.putArray("responseModalities").add("AUDIO");
    var body = JSON.createObjectNode();
    var setup = body.putObject("bidiGenerateContentSetup");
    setup.put("model", "models/" + model);
    if (generation.has("enableAffectiveDialog")) {
      setup.put("enableAffectiveDialog", true);
      generation.remove("enableAffectiveDialog");
    }
    setup.set("generationConfig", generation);
    return body;
  }

  private static final Map<java.util.List<String>, GenAiTokenMinter> MINTERS = new java.util.HashMap<>();

  // One SDK client per set of settings: building one costs a few hundred milliseconds.
  private static GenAiTokenMinter minter(String... settings) {
    return MINTERS.computeIfAbsent(java.util.List.of(settings), key -> newMinter(settings));
  }

  private static GenAiTokenMinter newMinter(String... settings) {
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl(),
        "ALLOWED_MODELS", String.join(",", GoogleLiveRules.SERVED) + "," + String.join(",", GoogleLiveRules.SHUT_DOWN)));
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return new GenAiTokenMinter(Settings.from(env::get), Clock.systemUTC());
  }
}
