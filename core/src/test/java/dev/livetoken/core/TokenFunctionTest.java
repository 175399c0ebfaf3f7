package dev.livetoken.core;

import dev.livetoken.core.live.LiveSession;
import dev.livetoken.core.live.MintedToken;
import dev.livetoken.core.live.SystemPrompt;
import dev.livetoken.core.live.Voices;
import dev.livetoken.core.sessions.SessionIds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Defaults and validation, with a minter that records what it was asked for. */
class TokenFunctionTest {

  private final List<LiveSession> minted = new ArrayList<>();
  private final TokenFunction function = new TokenFunction(Settings.from(Map.<String, String>of()::get),
      SystemPrompt.standard(), session -> {
        minted.add(session);
        return new MintedToken("auth_tokens/recorded", Instant.parse("2026-11-26T12:30:00Z"),
            Instant.parse("2026-11-26T12:02:00Z"));
      });

  @Test
  void appliesTheDefaultsAndBlankCountsAsAbsent() {
    TokenResponse response = function.apply(new TokenRequest(" ", "", "\t", null, null, "  ", false));

    assertThat(response.token()).isEqualTo("auth_tokens/recorded");
    assertThat(minted).singleElement().isEqualTo(
        new LiveSession("gemini-3.1-flash-live-preview", "Kore", java.util.Optional.empty(), false));
  }

  @Test
  void onlyTheBooleanTrueTurnsHighlightsOn() {
    function.apply(new TokenRequest(null, null, null, null, null, "Page", null));
    function.apply(new TokenRequest(null, null, null, null, null, "Page", true));

    assertThat(minted).extracting(LiveSession::interactiveHighlights).containsExactly(false, true);
    assertThat(minted.get(1).systemInstruction()).hasValueSatisfying(p -> assertThat(p).contains("highlight_and_scroll"));
  }

  @Test
  void refusesEachFieldOutOfBoundsBeforeMinting() {
    assertRefused(new TokenRequest("gemini-pro", null, null, null, null, null, null), "'model'");
    assertRefused(new TokenRequest(null, "Alexa", null, null, null, null, null), "'voice'");
    assertRefused(new TokenRequest(null, null, "en_US", null, null, null, null), "'lang'");
    assertRefused(new TokenRequest(null, null, null, "t".repeat(513), null, null, null), "'pageTitle'");
    assertRefused(new TokenRequest(null, null, null, null, "mailto:a@b.example", null, null), "'pageUrl'");
    assertRefused(new TokenRequest(null, null, null, null, "https://a b.example/", null, null), "'pageUrl'");
    assertRefused(new TokenRequest(null, null, null, null, null, "c".repeat(100_001), null), "'pageContent'");
    assertThat(minted).isEmpty();
  }

  private static TokenFunction functionWith(List<LiveSession> minted, Map<String, String> env) {
    return new TokenFunction(Settings.from(env::get), SystemPrompt.standard(), session -> {
      minted.add(session);
      return new MintedToken("auth_tokens/recorded", Instant.parse("2026-11-26T12:30:00Z"),
          Instant.parse("2026-11-26T12:02:00Z"));
    });
  }

  private static TokenRequest resuming(String model, String handle) {
    return new TokenRequest(model, null, null, null, null, null, null, null, handle);
  }

  @Test
  void anAliasIsMintedAsItsTargetAndTheSessionIdCarriesTheMintedModel() {
    TokenFunction aliased = functionWith(minted, Map.of("SESSION_SECRET", "s".repeat(32),
        "MODEL_ALIASES", "gemini-3.1-flash-live-preview=gemini-3.8-live,gemini-2.0-flash-live-001=gemini-3.8-live"));

    TokenResponse fromDefault = aliased.apply(TokenRequest.empty());
    aliased.apply(resuming("gemini-2.0-flash-live-001", null));
    aliased.apply(resuming("gemini-3.8-live-extended-thinking", null));

    assertThat(minted).extracting(LiveSession::model)
        .containsExactly("gemini-3.8-live", "gemini-3.8-live", "gemini-3.8-live-extended-thinking");
    assertThat(SessionIds.withSecret("s".repeat(32)).verify(fromDefault.sessionMeta().sessionId()))
        .hasValueSatisfying(claims -> assertThat(claims.model()).isEqualTo("gemini-3.8-live"));
  }

  @Test
  void theDefaultModelIsConfigurable() {
    functionWith(minted, Map.of("DEFAULT_MODEL", "gemini-3.8-live")).apply(TokenRequest.empty());

    assertThat(minted).singleElement().extracting(LiveSession::model).isEqualTo("gemini-3.8-live");
  }

  @Test
  void aShutDownModelIsRefusedWithoutAnUpstreamCallEvenWhenAllowed() {
    TokenFunction old = functionWith(minted, Map.of("ALLOWED_MODELS", "gemini-live-2.5-flash-preview,gemini-3.8-live"));

    assertThatThrownBy(() -> old.apply(resuming("gemini-live-2.5-flash-preview", null)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Field 'model' names gemini-live-2.5-flash-preview, which Google shut down on 2025-12-09; "
            + "ask for one of the allowed Live models");
    assertRefused(resuming("gemini-live-2.5-flash-preview", null), "Field 'model' must be one of the allowed Live models");
    assertThat(minted).isEmpty();
  }

  @Test
  void aSessionHandleOfPrintableAsciiIsLockedIn() {
    String longest = "h".repeat(4096);
    function.apply(resuming(null, "!Cj4~KOAoQ-_h4nd1e/+="));
    function.apply(resuming(null, longest));
    function.apply(resuming(null, null));

    assertThat(minted).extracting(LiveSession::sessionHandle)
        .containsExactly(Optional.of("!Cj4~KOAoQ-_h4nd1e/+="), Optional.of(longest), Optional.empty());
  }

  @Test
  void anyOtherSessionHandleIsRefusedNamingTheField() {
    for (String bad : new String[] {"", " ", "a b", "h".repeat(4097), "caf\u00e9", "tab\there", "new\nline", "\u0000"}) {
      assertThatThrownBy(() -> function.apply(resuming(null, bad))).as(bad).isInstanceOf(InvalidRequestException.class)
          .hasMessage("Field 'sessionHandle' must be 1 to 4096 printable ASCII characters without spaces");
    }
    assertThat(minted).isEmpty();
  }

  @Test
  void withResumptionOffAHandleIsCheckedButNotLockedIn() {
    TokenFunction off = functionWith(minted, Map.of("SESSION_RESUMPTION", "false"));

    off.apply(resuming(null, "handle-1"));
    assertThatThrownBy(() -> off.apply(resuming(null, "a b"))).isInstanceOf(InvalidRequestException.class);

    assertThat(minted).singleElement().extracting(LiveSession::sessionHandle).isEqualTo(Optional.empty());
  }

  @Property
  void anyVoiceOutsideThePrebuiltThirtyIsRefused(@ForAll String voice) {
    net.jqwik.api.Assume.that(!voice.isBlank() && !Voices.PREBUILT.contains(voice));

    assertThatThrownBy(() -> function.session(new TokenRequest(null, voice, null, null, null, null, null)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'voice'");
  }

  @Property
  void everyPrebuiltVoiceIsAccepted(@ForAll("voices") String voice) {
    assertThat(function.session(new TokenRequest(null, voice, null, null, null, null, null)).voice()).isEqualTo(voice);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> voices() {
    return net.jqwik.api.Arbitraries.of(Voices.PREBUILT);
  }

  private void assertRefused(TokenRequest request, String field) {
    assertThatThrownBy(() -> function.apply(request)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(field);
  }
}
