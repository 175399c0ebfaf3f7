package dev.livetoken.core.live;

import com.google.genai.types.AudioTranscriptionConfig;
import com.google.genai.types.Behavior;
import com.google.genai.types.Content;
import com.google.genai.types.ContextWindowCompressionConfig;
import com.google.genai.types.CreateAuthTokenConfig;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.LiveConnectConfig;
import com.google.genai.types.LiveConnectConstraints;
import com.google.genai.types.Modality;
import com.google.genai.types.Part;
import com.google.genai.types.PrebuiltVoiceConfig;
import com.google.genai.types.Schema;
import com.google.genai.types.SessionResumptionConfig;
import com.google.genai.types.SlidingWindow;
import com.google.genai.types.SpeechConfig;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.ThinkingLevel;
import com.google.genai.types.Tool;
import com.google.genai.types.Type;
import com.google.genai.types.VoiceConfig;
import java.time.Instant;
import java.util.Map;

/** What one token locks: the session's setup for its model (the table's rules) and the operator's settings. */
final class SessionSetup {

  // In a holder, so that the first SDK type (and with it the SDK's Jackson set-up) is loaded where the minter
  // warms up in the background, not by whichever thread constructs the minter.
  private static final class HighlightTool {
    static final Tool SYNCHRONOUS_BY_DEFAULT = tool(FunctionDeclaration.builder());
    static final Tool BLOCKING = tool(FunctionDeclaration.builder().behavior(Behavior.Known.BLOCKING));

    private static Tool tool(FunctionDeclaration.Builder declaration) {
      return Tool.builder()
          .functionDeclarations(declaration
              .name("highlight_and_scroll")
              .description("Scrolls the page to a section or image and highlights it while you talk about it.")
              .parameters(Schema.builder()
                  .type(Type.Known.OBJECT)
                  .properties(Map.of("elementId", Schema.builder()
                      .type(Type.Known.STRING)
                      .description("The id of the section or image, such as sec-1 or img-3.")
                      .build()))
                  .required("elementId")))
          .build();
    }
  }

  private final ModelSettings settings;

  SessionSetup(ModelSettings settings) {
    this.settings = settings;
  }

  CreateAuthTokenConfig tokenConfig(LiveSession session, Instant now) {
    return CreateAuthTokenConfig.builder()
        .uses(1)
        .expireTime(now.plus(MintedToken.LIFETIME))
        .newSessionExpireTime(now.plus(MintedToken.NEW_SESSION_WINDOW))
        // lockAdditionalFields stays unset: the SDK then sends no field mask, and the server locks every
        // field of the setup. A browser holding the token cannot swap model, voice or prompt; it follows that
        // the client's own setup is ignored, so resumption's handle has to be in the token too.
        .liveConnectConstraints(LiveConnectConstraints.builder()
            .model(session.model())
            .config(liveConfig(session)))
        .build();
  }

  private LiveConnectConfig liveConfig(LiveSession session) {
    LiveModel model = LiveModels.rulesFor(session.model());
    LiveConnectConfig.Builder config = LiveConnectConfig.builder()
        .responseModalities(Modality.Known.AUDIO)
        .speechConfig(SpeechConfig.builder()
            .voiceConfig(VoiceConfig.builder()
                .prebuiltVoiceConfig(PrebuiltVoiceConfig.builder().voiceName(session.voice()))))
        .inputAudioTranscription(AudioTranscriptionConfig.builder().build())
        .outputAudioTranscription(AudioTranscriptionConfig.builder().build());
    switch (model.thinking()) {
      case LOW -> config.thinkingConfig(ThinkingConfig.builder().thinkingLevel(ThinkingLevel.Known.LOW));
      case CONFIGURED_LEVEL -> config.thinkingConfig(ThinkingConfig.builder()
          .thinkingLevel(ThinkingLevel.Known.valueOf(settings.thinkingLevel().name())));
      case NONE -> {}
    }
    if (settings.sessionResumption()) {
      SessionResumptionConfig.Builder resumption = SessionResumptionConfig.builder();
      session.sessionHandle().ifPresent(resumption::handle);
      config.sessionResumption(resumption.build());
    }
    if (settings.contextCompression()) {
      config.contextWindowCompression(ContextWindowCompressionConfig.builder().slidingWindow(SlidingWindow.builder()));
    }
    session.systemInstruction().ifPresent(text ->
        config.systemInstruction(Content.builder().role("user").parts(Part.fromText(text))));
    if (session.interactiveHighlights()) {
      config.tools(model.blockingTools() ? HighlightTool.BLOCKING : HighlightTool.SYNCHRONOUS_BY_DEFAULT);
    }
    return config.build();
  }
}
