package dev.livetoken.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
   */
  record Entry(String requestId, String adapter, String method, String path, int status, long latencyMs,
      long upstreamMs, String error, String site, SessionEnds.Ended ended) {}

  private static final JsonFactory JSON = new JsonFactory();

  private final PrintStream out;
  private final boolean enabled;

  RequestLog(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  void record(Entry entry) {
    if (!enabled) {
      return;
    }
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.now().toString());
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
      if (entry.ended() != null) {
        writeUsage(json, entry.ended());
      } else if (entry.site() != null) {
        json.writeStringField("site", entry.site());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(line);
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
