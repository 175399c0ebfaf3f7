package dev.livetoken.core.proof;

import dev.livetoken.core.limit.RequestLimits;
import dev.livetoken.core.limit.Budget;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The caller proofs an operator configured, all required, checked in a fixed order: the ID token, then the
 * user's budget ({@code USER_RATE_LIMIT_PER_MINUTE}), then App Check, then Turnstile (last, since its check spends
 * the caller's token). A proof that is not configured is not built: with none, nothing of the JWT library loads.
 */
public final class CallerProofs {

  private static final CallerProofs NONE = new CallerProofs(List.of(), null, null);
  private static final String SUBJECT_KEY_PURPOSE = "live-token caller subject v1";

  private final List<Proof> proofs;
  private final Budget perUser;
  private final SecretKeySpec subjectKey;

  private CallerProofs(List<Proof> proofs, Budget perUser, SecretKeySpec subjectKey) {
    this.proofs = proofs;
    this.perUser = perUser;
    this.subjectKey = subjectKey;
  }

  /** No proof required. */
  public static CallerProofs none() {
    return NONE;
  }

  /**
   * The proofs {@code settings} turn on. Nothing is fetched here: keys arrive with the first request that
   * needs them, so a process starts even while its key servers are unreachable.
   *
   * @param allowedOrigins the canonical allowed origins, whose hosts Turnstile's {@code hostname} must match
   * @param subjectSecret what the subject's HMAC in the log is keyed from; a random key when empty
   */
  public static CallerProofs create(ProofSettings settings, Set<String> allowedOrigins,
      Optional<String> subjectSecret) {
    if (!settings.any()) {
      return NONE;
    }
    List<Proof> proofs = new ArrayList<>();
    settings.authIssuer().ifPresent(issuer -> proofs.add(new IdTokenProof(settings)));
    settings.appCheckProjectNumber().ifPresent(number -> proofs.add(new AppCheckProof(settings)));
    settings.turnstileSecret().ifPresent(secret -> proofs.add(new TurnstileProof(settings, allowedOrigins)));
    byte[] seed = subjectSecret.map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return random;
    });
    SecretKeySpec key = new SecretKeySpec(
        hmac(new SecretKeySpec(seed, "HmacSHA256"), SUBJECT_KEY_PURPOSE), "HmacSHA256");
    return new CallerProofs(List.copyOf(proofs), new Budget("user", settings.userRatePerMinute()), key);
  }

  /** The request headers the configured proofs travel in, for the CORS preflight's allowed headers. */
  public List<String> headers() {
    return proofs.stream().map(Proof::header).toList();
  }

  /**
   * Checks every configured proof of one request; stops at the first refusal. The per-user budget is counted
   * through the request's {@code admission}, inside the one bound all of its Redis work shares.
   */
  public Verdict check(Function<String, Optional<String>> headers, String clientAddress,
      RequestLimits.Admission admission) {
    if (proofs.isEmpty()) {
      return Verdict.NONE;
    }
    Proof.Caller caller = new Proof.Caller(headers, clientAddress);
    List<String> codes = new ArrayList<>(proofs.size() + 1);
    String subject = null;
    for (Proof proof : proofs) {
      Proof.Result result = proof.check(caller);
      codes.add(result.code());
      if (result.refusal() != null) {
        return new Verdict(String.join(",", codes), subject, result.refusal());
      }
      if (result.subject() != null) {
        subject = HexFormat.of().formatHex(hmac(subjectKey, result.subject()), 0, 16);
        OptionalLong wait = admission.admit(perUser, subject);
        if (wait.isPresent()) {
          codes.add("user_rate_limited");
          return new Verdict(String.join(",", codes), subject, new Refusal(429, "Too many requests for this user",
              Map.of("Retry-After", Long.toString(wait.getAsLong()))));
        }
      }
    }
    return new Verdict(String.join(",", codes), subject, null);
  }

  private static byte[] hmac(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
