package dev.livetoken.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.livetoken.core.telemetry.TelemetrySettings;
import dev.livetoken.core.telemetry.Trace;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One JSON line per request, in the shape Cloud Logging and CloudWatch both parse ({@code severity},
 * {@code message}). Only what the endpoint decided is logged: never the key, a token, or any request body.
 * An accepted session end's line is the usage record ({@code "event":"session_end"}).
 */
public final class RequestLog {

  /**
   * @param site the configured site the request was checked against; null when none
   * @param ended the accepted session end this request reported; null for any other request
   * @param trace the caller's trace; null when its headers named none
   * @param xrayTraceId the invocation's X-Ray trace id; null off Lambda
   * @param proof the caller proofs' outcomes ({@code auth_ok}, {@code auth_invalid}, ...); null when none ran
   * @param subject the verified ID token's subject as an HMAC; null when there is none
   */
  record Entry(String requestId, String adapter, String method, String path, int status, long latencyMs,
      long upstreamMs, String error, String site, SessionEnds.Ended ended, Trace trace, String xrayTraceId,
      String proof, String subject) {

    /** {@code minted}, the error code, or {@code ok}: a small fixed set, fit for a metric's dimension. */
    String outcome() {
      return error != null ? error : upstreamMs >= 0 ? "minted" : "ok";
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final PrintStream out;
  private final boolean enabled;
  private final TelemetrySettings telemetry;
  private volatile boolean embedMetrics;

  RequestLog(PrintStream out, boolean enabled, TelemetrySettings telemetry) {
    this.out = out;
    this.enabled = enabled;
    this.telemetry = telemetry;
  }

  /** From now on, request lines carry CloudWatch embedded metrics, unless {@code METRICS} is false. */
  void embedMetrics() {
    embedMetrics = telemetry.metrics();
  }

  void record(Entry entry) {
    if (!enabled) {
      return;
    }
    StringWriter line = new StringWriter(256);
    Instant now = Instant.now();
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("time", now.toString());
      json.writeStringField("severity", entry.status() >= 500 ? "ERROR" : entry.status() >= 400 ? "WARNING" : "INFO");
      json.writeStringField("message", entry.ended() == null ? "token request" : "session end");
      if (entry.ended() != null) {
        json.writeStringField("event", "session_end");
      }
      json.writeStringField("requestId", entry.requestId());
      json.writeStringField("adapter", entry.adapter());
      json.writeStringField("method", truncate(entry.method(), 16));
      json.writeStringField("path", truncate(entry.path(), 128));
      json.writeNumberField("status", entry.status());
      json.writeNumberField("latencyMs", entry.latencyMs());
      if (entry.upstreamMs() >= 0) {
        json.writeNumberField("upstreamMs", entry.upstreamMs());
      }
      if (entry.error() != null) {
        json.writeStringField("error", entry.error());
      }
      if (entry.proof() != null) {
        json.writeStringField("proof", entry.proof());
      }
      if (entry.subject() != null) {
        json.writeStringField("subject", entry.subject());
      }
      if (entry.ended() != null) {
        writeUsage(json, entry.ended());
      } else if (entry.site() != null) {
        json.writeStringField("site", entry.site());
      }
      if (entry.trace() != null) {
        writeTrace(json, entry.trace());
      }
      if (entry.xrayTraceId() != null) {
        json.writeStringField("xrayTraceId", entry.xrayTraceId());
      }
      if (embedMetrics) {
        EmbeddedMetrics.write(json, telemetry.namespace(), now, entry);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(line);
  }

  /** Cloud Logging nests a line under its trace by these fields; elsewhere the ids are plain fields. */
  private void writeTrace(JsonGenerator json, Trace trace) throws IOException {
    if (telemetry.project().isEmpty()) {
      json.writeStringField("traceId", trace.traceId());
      if (trace.spanId() != null) {
        json.writeStringField("spanId", trace.spanId());
      }
      return;
    }
    json.writeStringField("logging.googleapis.com/trace",
        "projects/" + telemetry.project().get() + "/traces/" + trace.traceId());
    if (trace.spanId() != null) {
      json.writeStringField("logging.googleapis.com/spanId", trace.spanId());
    }
    if (trace.sampled() != null) {
      json.writeBooleanField("logging.googleapis.com/trace_sampled", trace.sampled());
    }
  }

  private static void writeUsage(JsonGenerator json, SessionEnds.Ended ended) throws IOException {
    json.writeStringField("sessionId", ended.sessionId());
    json.writeStringField("site", ended.session().site());
    json.writeStringField("model", ended.session().model());
    json.writeStringField("voice", ended.session().voice());
    double duration = ended.duration();
    if (duration == Math.rint(duration)) {
      json.writeNumberField("duration", (long) duration);
    } else {
      json.writeNumberField("duration", duration);
    }
  }

  /** A one-off line at start-up (for instance, that the key is missing). */
  void event(String severity, String message) {
    out.println(line(severity, message));
  }

  /** A log line of its own ({@code time}, {@code severity}, {@code message}), for an entry point's start-up. */
  public static String line(String severity, String message) {
    StringWriter line = new StringWriter(128);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.now().toString());
      json.writeStringField("severity", severity);
      json.writeStringField("message", message);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line.toString();
  }

  private static String truncate(String text, int max) {
    return text == null ? "" : text.length() > max ? text.substring(0, max) : text;
  }
}
