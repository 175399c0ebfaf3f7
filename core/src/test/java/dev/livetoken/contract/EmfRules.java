package dev.livetoken.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a log line as CloudWatch reads Embedded Metric Format: the {@code _aws} directive's shape, its limits
 * (100 metrics, 30 keys per dimension set), every metric and dimension a root field, the units CloudWatch
 * knows, and no id as a dimension.
 */
public final class EmfRules {

  private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
      "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
      "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
      "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
      "None");
  private static final Set<String> IDS = Set.of("requestId", "traceId", "spanId", "xrayTraceId", "sessionId",
      "logging.googleapis.com/trace", "logging.googleapis.com/spanId");

  private EmfRules() {}

  /** The line parsed, after checking it is valid EMF; returns the names of the metrics it declares. */
  public static List<String> metricNames(String line, long notBeforeMillis, long notAfterMillis) throws IOException {
    JsonNode root = new ObjectMapper().readTree(line);
    assertThat(root.isObject()).isTrue();
    JsonNode aws = root.get("_aws");
    assertThat(aws).as("the _aws directive").isNotNull();
    assertThat(aws.isObject()).isTrue();
    assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp is a whole number of milliseconds").isTrue();
    assertThat(aws.get("Timestamp").asLong()).isBetween(notBeforeMillis, notAfterMillis);
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertThat(directives.isArray()).isTrue();
    assertThat(directives.size()).isPositive();
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode directive : directives) {
      assertThat(directive.get("Namespace").isTextual()).isTrue();
      assertThat(directive.get("Namespace").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(255);
      JsonNode dimensions = directive.get("Dimensions");
      assertThat(dimensions.isArray()).isTrue();
      for (JsonNode set : dimensions) {
        assertThat(set.isArray()).isTrue();
        assertThat(set.size()).isBetween(0, 30);
        Set<String> keys = new HashSet<>();
        for (JsonNode key : set) {
          assertThat(key.isTextual()).isTrue();
          assertThat(keys.add(key.asText())).as("a key once per set").isTrue();
          assertThat(IDS).as("an id is never a dimension").doesNotContain(key.asText());
          JsonNode value = root.get(key.asText());
          assertThat(value).as("dimension " + key + " is a root field").isNotNull();
          assertThat(value.isTextual()).as("a dimension's value is a string").isTrue();
          assertThat(value.asText()).isNotEmpty().hasSizeLessThanOrEqualTo(1024);
        }
      }
      JsonNode metrics = directive.get("Metrics");
      assertThat(metrics.isArray()).isTrue();
      assertThat(metrics.size()).isBetween(1, 100);
      for (JsonNode metric : metrics) {
        String name = metric.get("Name").asText();
        assertThat(name).isNotEmpty().hasSizeLessThanOrEqualTo(255);
        assertThat(UNITS).contains(metric.get("Unit").asText());
        assertThat(root.get(name)).as("metric " + name + " is a root field").isNotNull();
        assertThat(root.get(name).isNumber()).as("metric " + name + " is a number").isTrue();
        names.add(name);
      }
    }
    return names;
  }
}
