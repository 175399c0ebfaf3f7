package dev.livetoken.core.telemetry;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace a request belongs to, as its caller's front end propagated it: W3C {@code traceparent} first, else
 * Google's {@code X-Cloud-Trace-Context}. A header that does not match its format is ignored, never copied.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, or null when the header named no span
 * @param sampled whether the caller sampled it; null when the header did not say
 */
public record Trace(String traceId, String spanId, Boolean sampled) {

  // version-traceid-parentid-flags; a later version may append fields after a dash (W3C Trace Context, 3.2.4).
  private static final Pattern TRACEPARENT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  // TRACE_ID/SPAN_ID;o=OPTIONS, the span id decimal; span and options optional.
  private static final Pattern CLOUD_TRACE =
      Pattern.compile("([0-9a-fA-F]{32})(?:/([0-9]{1,20})(?:;o=([0-9]+))?)?");
  private static final String ZERO_TRACE = "0".repeat(32);

  /** The trace named by the request's headers ({@code header} looks one up by name), if any is well formed. */
  public static Optional<Trace> fromHeaders(Function<String, Optional<String>> header) {
    return header.apply("traceparent").flatMap(Trace::traceparent)
        .or(() -> header.apply("X-Cloud-Trace-Context").flatMap(Trace::cloudTraceContext));
  }

  static Optional<Trace> traceparent(String value) {
    Matcher m = TRACEPARENT.matcher(value.strip());
    if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
        || m.group(2).equals(ZERO_TRACE) || m.group(3).equals("0000000000000000")) {
      return Optional.empty();
    }
    boolean sampled = (Integer.parseInt(m.group(4), 16) & 1) == 1;
    return Optional.of(new Trace(m.group(2), m.group(3), sampled));
  }

  static Optional<Trace> cloudTraceContext(String value) {
    Matcher m = CLOUD_TRACE.matcher(value.strip());
    if (!m.matches() || m.group(1).equals(ZERO_TRACE)) {
      return Optional.empty();
    }
    String span = null;
    if (m.group(2) != null) {
      try {
        long decimal = Long.parseUnsignedLong(m.group(2));
        span = decimal == 0 ? null : String.format("%016x", decimal);
      } catch (NumberFormatException e) {
        return Optional.empty(); // past 2^64: not a span id
      }
    }
    Boolean sampled = m.group(3) == null ? null : m.group(3).equals("1");
    return Optional.of(new Trace(m.group(1).toLowerCase(java.util.Locale.ROOT), span, sampled));
  }

  /**
   * The trace id in an X-Ray trace header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=...;Sampled=1}),
   * as X-Ray writes it; empty when the header holds no well-formed root.
   */
  public static Optional<String> xrayTraceId(String header) {
    if (header == null) {
      return Optional.empty();
    }
    for (String part : header.split(";")) {
      String field = part.strip();
      if (field.startsWith("Root=")) {
        String root = field.substring("Root=".length());
        return root.matches("1-[0-9a-f]{8}-[0-9a-f]{24}") ? Optional.of(root) : Optional.empty();
      }
    }
    return Optional.empty();
  }
}
