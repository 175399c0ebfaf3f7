package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape read as Prometheus reads its text format (0.0.4): {@code # HELP} and {@code # TYPE} before a
 * family's samples, each sample {@code name{label="value",...} number}, names and labels in the format's
 * alphabet, a family's samples together. Keeps every sample by its name and labels.
 */
final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*)})? "
          + "(\\S+)(?: (-?\\d+))?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) "
      + "(counter|gauge|histogram|summary|untyped)");

  final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, Double> samples = new HashMap<>();

  static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    assertThat(text).endsWith("\n");
    String family = null;
    java.util.Set<String> closed = new java.util.HashSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher type = TYPE.matcher(line);
        assertThat(type.matches()).as("a TYPE line: " + line).isTrue();
        assertThat(parsed.types.put(type.group(1), type.group(2))).as("one TYPE per family").isNull();
        if (family != null) {
          closed.add(family);
        }
        family = type.group(1);
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("a sample line: " + line).isTrue();
      String name = sample.group(1);
      assertThat(family).as("a sample after its family's TYPE: " + line).isNotNull();
      assertThat(name.equals(family) || name.startsWith(family + "_")).as("in its family: " + line).isTrue();
      assertThat(closed).doesNotContain(family);
      Map<String, String> labels = new java.util.TreeMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          assertThat(labels.put(label.group(1), label.group(2))).as("a label once").isNull();
        }
      }
      double value = switch (sample.group(3)) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(sample.group(3));
      };
      assertThat(parsed.samples.put(key(name, labels), value)).as("a sample once: " + line).isNull();
    }
    return parsed;
  }

  /** The sample's value; fails when the scrape has no such sample. */
  double value(String name, String... labels) {
    Map<String, String> map = new java.util.TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    Double value = samples.get(key(name, map));
    assertThat(value).as("sample " + key(name, map) + " in " + samples.keySet()).isNotNull();
    return value;
  }

  boolean has(String name, String... labels) {
    Map<String, String> map = new java.util.TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return samples.containsKey(key(name, map));
  }

  /** A histogram's buckets as Prometheus checks them: cumulative, ending in +Inf, which equals the count. */
  void assertHistogram(String name, List<String> bounds) {
    assertThat(types.get(name)).isEqualTo("histogram");
    double previous = 0;
    for (String bound : bounds) {
      double bucket = value(name + "_bucket", "le", bound);
      assertThat(bucket).as("cumulative at le=" + bound).isGreaterThanOrEqualTo(previous);
      previous = bucket;
    }
    assertThat(value(name + "_bucket", "le", "+Inf")).isGreaterThanOrEqualTo(previous)
        .isEqualTo(value(name + "_count"));
    assertThat(value(name + "_sum")).isNotNegative();
  }

  private static String key(String name, Map<String, String> labels) {
    return name + labels;
  }
}
