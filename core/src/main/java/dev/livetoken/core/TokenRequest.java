package dev.livetoken.core;

/**
 * What a browser widget asks for. Every field is optional; {@link TokenFunction} fills in the defaults.
 *
 * @param model Gemini Live model name, without the {@code models/} prefix
 * @param voice one of the prebuilt voice names
 * @param lang BCP-47 language tag of the replies, or {@code auto} for the user's own language
 * @param pageTitle title of the page the widget is embedded in
 * @param pageUrl absolute http(s) URL of that page
 * @param pageContent text extracted from the page; without it the session gets no system prompt
 * @param interactiveHighlights whether the model may call {@code highlight_and_scroll(elementId)}
 * @param siteKey the site the widget is embedded in; checked only when sites are configured
 * @param sessionHandle the handle of the session to resume, from the client's last
 *     {@code sessionResumptionUpdate}; the token then locks it in
 */
public record TokenRequest(
    String model,
    String voice,
    String lang,
    String pageTitle,
    String pageUrl,
    String pageContent,
    Boolean interactiveHighlights,
    String siteKey,
    String sessionHandle) {

  /** A request that resumes no session. */
  public TokenRequest(String model, String voice, String lang, String pageTitle, String pageUrl,
      String pageContent, Boolean interactiveHighlights, String siteKey) {
    this(model, voice, lang, pageTitle, pageUrl, pageContent, interactiveHighlights, siteKey, null);
  }

  /** A request without a site key. */
  public TokenRequest(String model, String voice, String lang, String pageTitle, String pageUrl,
      String pageContent, Boolean interactiveHighlights) {
    this(model, voice, lang, pageTitle, pageUrl, pageContent, interactiveHighlights, null, null);
  }

  /** A request with every field absent: all defaults, no page. */
  public static TokenRequest empty() {
    return new TokenRequest(null, null, null, null, null, null, null, null, null);
  }
}
