package dev.livetoken.core.proof;

/**
 * What the configured proofs decided about one request.
 *
 * @param code the outcomes for the request log, comma-separated ({@code auth_ok,turnstile_spent}); null when no
 *     proof is configured
 * @param subject the verified ID token's subject as an HMAC, for the log; null when there is none
 * @param refusal the answer instead of a token; null when every proof passed
 */
public record Verdict(String code, String subject, Refusal refusal) {

  static final Verdict NONE = new Verdict(null, null, null);

  public boolean passed() {
    return refusal == null;
  }

  /** The outcome of the proof that refused (the last one checked), for the request log's {@code error}. */
  public String refusedCode() {
    return code.substring(code.lastIndexOf(',') + 1);
  }
}
