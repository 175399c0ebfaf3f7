package dev.livetoken.core;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;

/**
 * CloudWatch's Embedded Metric Format inside a request line: root fields for each metric and dimension, and
 * the {@code _aws} directive naming them. Dimensions are the door and the outcome, both small fixed sets; ids
 * never are (each value would bill as a metric of its own).
 */
final class EmbeddedMetrics {

  static final String OUTCOME = "outcome";
  static final String DOOR = "adapter";

  private EmbeddedMetrics() {}

  static void write(JsonGenerator json, String namespace, Instant time, RequestLog.Entry entry) throws IOException {
    boolean upstream = entry.upstreamMs() >= 0;
    json.writeStringField(OUTCOME, entry.outcome());
    json.writeNumberField("Tokens", entry.outcome().equals("minted") ? 1 : 0);
    json.writeNumberField("Refusals", entry.error() == null ? 0 : 1);
    json.writeNumberField("Latency", entry.latencyMs());
    if (upstream) {
      json.writeNumberField("UpstreamLatency", entry.upstreamMs());
    }
    json.writeObjectFieldStart("_aws");
    json.writeNumberField("Timestamp", time.toEpochMilli());
    json.writeArrayFieldStart("CloudWatchMetrics");
    json.writeStartObject();
    json.writeStringField("Namespace", namespace);
    json.writeArrayFieldStart("Dimensions");
    json.writeArray(new String[] {DOOR}, 0, 1);
    json.writeArray(new String[] {DOOR, OUTCOME}, 0, 2);
    json.writeEndArray();
    json.writeArrayFieldStart("Metrics");
    metric(json, "Tokens", "Count");
    metric(json, "Refusals", "Count");
    metric(json, "Latency", "Milliseconds");
    if (upstream) {
      metric(json, "UpstreamLatency", "Milliseconds");
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void metric(JsonGenerator json, String name, String unit) throws IOException {
    json.writeStartObject();
    json.writeStringField("Name", name);
    json.writeStringField("Unit", unit);
    json.writeEndObject();
  }
}
