package dev.livetoken.core;

import dev.livetoken.core.live.Languages;
import dev.livetoken.core.live.LiveModel;
import dev.livetoken.core.live.LiveModels;
import dev.livetoken.core.live.LiveSession;
import dev.livetoken.core.live.MintedToken;
import dev.livetoken.core.live.MintingException;
import dev.livetoken.core.live.SystemPrompt;
import dev.livetoken.core.live.TokenMinter;
import dev.livetoken.core.live.Voices;
import dev.livetoken.core.sessions.SessionClaims;
import dev.livetoken.core.sessions.SessionIds;
import dev.livetoken.core.sessions.SessionMeta;
import dev.livetoken.core.sessions.Site;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The token function: defaults, validation, system prompt, then one minted token. Framework-free; every
 * adapter reaches it through {@link TokenEndpoint}.
 */
public final class TokenFunction implements Function<TokenRequest, TokenResponse> {

  static final int MAX_TITLE_CHARS = 512;
  static final int MAX_URL_CHARS = 2048;
  static final int MAX_SESSION_HANDLE_CHARS = 4096;
  // Printable ASCII without the space: what a handle Google issued can hold, and nothing a log could be fooled by.
  private static final Pattern SESSION_HANDLE = Pattern.compile("[\\x21-\\x7E]{1," + MAX_SESSION_HANDLE_CHARS + "}");

  private final Settings settings;
  private final SystemPrompt prompt;
  private final TokenMinter minter;
  private final SessionIds sessionIds;

  TokenFunction(Settings settings, SystemPrompt prompt, TokenMinter minter) {
    this.settings = settings;
    this.prompt = prompt;
    this.minter = minter;
    this.sessionIds = sessionIds(settings);
  }

  /** Every instance with the same settings signs and verifies the same ids. */
  static SessionIds sessionIds(Settings settings) {
    return settings.sessionSigningSecret().map(SessionIds::withSecret).orElseGet(SessionIds::withRandomKey);
  }

  /** The function with Google's minter, or one that refuses to mint when no API key is configured. */
  public static TokenFunction create(Settings settings) {
    TokenMinter minter = settings.apiKey().isPresent()
        ? TokenMinter.google(settings)
        : session -> {
          throw new MintingException(MintingException.Reason.NOT_CONFIGURED);
        };
    return new TokenFunction(settings, SystemPrompt.standard(), minter);
  }

  /** Blocks until the upstream client is built and warm; minting never waits after this. */
  public void awaitReady() {
    minter.awaitReady();
  }

  /**
   * @throws InvalidRequestException when a field is out of bounds (checked before anything is minted)
   * @throws MintingException when no token could be had
   */
  @Override
  public TokenResponse apply(TokenRequest request) {
    LiveSession session = session(request);
    MintedToken token = minter.mint(session);
    // Only a configured site is signed into the id; the endpoint has already bound it to the request's origin.
    String site = settings.sites().find(request.siteKey()).map(Site::key).orElse("");
    String sessionId = sessionIds.issue(new SessionClaims(site, session.model(), session.voice(),
        token.expireTime(), SessionIds.newNonce()));
    return new TokenResponse(token.name(),
        new SessionMeta(sessionId, token.expireTime(), token.newSessionExpireTime()));
  }

  /** The request after defaults and validation, with its prompt built. */
  LiveSession session(TokenRequest request) {
    String requested = orDefault(request.model(), settings.models().defaultModel());
    String voice = orDefault(request.voice(), Voices.DEFAULT);
    String lang = orDefault(request.lang(), "en");
    String title = present(request.pageTitle());
    String url = present(request.pageUrl());
    String content = present(request.pageContent());
    boolean highlights = Boolean.TRUE.equals(request.interactiveHighlights());

    String model = settings.models().resolve(requested)
        .orElseThrow(() -> new InvalidRequestException("Field 'model' must be one of the allowed Live models"));
    LiveModels.known(model).filter(LiveModel::isShutDown).ifPresent(row -> {
      throw new InvalidRequestException("Field 'model' names " + model + ", which Google shut down on "
          + row.shutDown().orElseThrow() + "; ask for one of the allowed Live models");
    });
    if (!Voices.PREBUILT.contains(voice)) {
      throw new InvalidRequestException("Field 'voice' must be one of the 30 prebuilt voice names");
    }
    if (lang.length() > 64 || !Languages.isValid(lang)) {
      throw new InvalidRequestException("Field 'lang' must be 'auto' or a BCP-47 language tag");
    }
    if (title != null && title.length() > MAX_TITLE_CHARS) {
      throw new InvalidRequestException("Field 'pageTitle' must be at most " + MAX_TITLE_CHARS + " characters");
    }
    if (url != null && (url.length() > MAX_URL_CHARS || !isWebUrl(url))) {
      throw new InvalidRequestException(
          "Field 'pageUrl' must be an absolute http(s) URL of at most " + MAX_URL_CHARS + " characters");
    }
    if (content != null && content.length() > settings.maxPageContentChars()) {
      throw new InvalidRequestException(
          "Field 'pageContent' must be at most " + settings.maxPageContentChars() + " characters");
    }
    if (request.sessionHandle() != null && !SESSION_HANDLE.matcher(request.sessionHandle()).matches()) {
      throw new InvalidRequestException("Field 'sessionHandle' must be 1 to " + MAX_SESSION_HANDLE_CHARS
          + " printable ASCII characters without spaces");
    }
    // With resumption off no token locks resumption, so a well-formed handle has nowhere to go: it is dropped.
    Optional<String> handle = Optional.ofNullable(request.sessionHandle()).filter(h -> settings.models().sessionResumption());
    return new LiveSession(model, voice, prompt.build(lang, title, url, content, highlights), highlights, handle);
  }

  private static String orDefault(String value, String fallback) {
    String present = present(value);
    return present == null ? fallback : present;
  }

  private static String present(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
