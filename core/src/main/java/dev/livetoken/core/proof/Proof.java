package dev.livetoken.core.proof;

import java.util.Optional;
import java.util.function.Function;

/** One caller proof: reads its header and says whether the caller passed. */
interface Proof {

  /** The request header the proof travels in, for the CORS preflight. */
  String header();

  Result check(Caller caller);

  /** What a proof sees of a request: its headers and the client's address. */
  record Caller(Function<String, Optional<String>> headers, String address) {

    /** The header's value, trimmed; empty when it is missing or blank. */
    Optional<String> header(String name) {
      return headers.apply(name).map(String::trim).filter(value -> !value.isEmpty());
    }
  }

  /**
   * @param code the outcome for the request log, e.g. {@code auth_ok} or {@code auth_invalid}
   * @param refusal the answer to send instead of a token; null when the caller passed
   * @param subject who passed, as {@code iss} and {@code sub}; null unless an ID token said so
   */
  record Result(String code, Refusal refusal, String subject) {

    static Result passed(String code) {
      return new Result(code, null, null);
    }

    static Result refused(String code, Refusal refusal) {
      return new Result(code, refusal, null);
    }
  }
}
