package dev.livetoken.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log-based metrics the deploy script creates name only fields our request line has, and their filters
 * pick out the lines they are meant to count (read with the subset of Cloud Logging's query language they use).
 */
class LogMetricFilesTest {

  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
  private static final Path METRICS = ROOT.resolve("scripts/log-metrics");
  private static final Pattern FIELD = Pattern.compile("jsonPayload\\.([A-Za-z0-9_]+)");
  private static final Pattern CLAUSE = Pattern.compile("jsonPayload\\.([A-Za-z0-9_]+)(=|>=|:)(\"[^\"]*\"|-?\\d+|\\*)");

  @Test
  void eachMetricCountsWhatItSaysFromFieldsTheRequestLineHas() throws Exception {
    Lines lines = requestLines();
    assertThat(metricFiles()).extracting(path -> path.getFileName().toString())
        .containsExactlyInAnyOrder("live_token_tokens.yaml", "live_token_refusals.yaml",
            "live_token_upstream_latency.yaml");

    for (Path file : metricFiles()) {
      String text = Files.readString(file);
      Matcher field = FIELD.matcher(text);
      List<String> named = new ArrayList<>();
      while (field.find()) {
        named.add(field.group(1));
      }
      assertThat(named).as(file + " names fields").isNotEmpty();
      for (String name : named) {
        assertThat(lines.all.stream().anyMatch(line -> line.has(name)))
            .as(file.getFileName() + ": jsonPayload." + name + " is a field of our request line").isTrue();
      }
      assertThat(text).as("the file's own create command").contains("gcloud logging metrics create "
          + file.getFileName().toString().replace(".yaml", "") + " --config-from-file scripts/log-metrics/"
          + file.getFileName());
    }
    String tokens = filter("live_token_tokens.yaml");
    assertThat(lines.minted).allMatch(line -> matches(tokens, line));
    assertThat(lines.others()).noneMatch(line -> matches(tokens, line));
    String refusals = filter("live_token_refusals.yaml");
    assertThat(lines.refused).allMatch(line -> matches(refusals, line));
    assertThat(lines.minted).noneMatch(line -> matches(refusals, line));
    assertThat(lines.ok).noneMatch(line -> matches(refusals, line));
    assertThat(Files.readString(METRICS.resolve("live_token_refusals.yaml")))
        .contains("code: EXTRACT(jsonPayload.error)");
    String upstream = filter("live_token_upstream_latency.yaml");
    assertThat(lines.minted).allMatch(line -> matches(upstream, line));
    assertThat(lines.upstreamFailed).allMatch(line -> matches(upstream, line));
    assertThat(lines.ok).noneMatch(line -> matches(upstream, line));
    assertThat(Files.readString(METRICS.resolve("live_token_upstream_latency.yaml")))
        .contains("valueExtractor: EXTRACT(jsonPayload.upstreamMs)").contains("valueType: DISTRIBUTION");
  }

  @Test
  void theDeployScriptCreatesOrUpdatesEveryMetricFromItsFile() throws Exception {
    String script = Files.readString(ROOT.resolve("scripts/deploy-gcp.sh"));

    assertThat(script).contains("for file in scripts/log-metrics/*.yaml")
        .contains("gcloud logging metrics create \"$metric\" --config-from-file \"$file\"")
        .contains("gcloud logging metrics update \"$metric\" --config-from-file \"$file\"")
        .contains("GOOGLE_CLOUD_PROJECT=");
  }

  private static List<Path> metricFiles() throws Exception {
    try (Stream<Path> files = Files.list(METRICS)) {
      return files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static String filter(String file) throws Exception {
    return Files.readAllLines(METRICS.resolve(file)).stream().filter(line -> line.startsWith("filter: "))
        .map(line -> line.substring("filter: ".length())).findFirst().orElseThrow();
  }

  /** The filter's clauses, joined by AND, each {@code field=value}, {@code field>=number} or {@code field:*}. */
  private static boolean matches(String filter, JsonNode line) {
    for (String clause : filter.split(" AND ")) {
      Matcher m = CLAUSE.matcher(clause.strip());
      assertThat(m.matches()).as("a clause this test reads: " + clause).isTrue();
      JsonNode value = line.get(m.group(1));
      String operand = m.group(3);
      boolean holds = switch (m.group(2)) {
        case ":" -> value != null;
        case ">=" -> value != null && value.isNumber() && value.asLong() >= Long.parseLong(operand);
        default -> value != null && (operand.startsWith("\"")
            ? value.asText().equals(operand.substring(1, operand.length() - 1))
            : value.isNumber() && value.asLong() == Long.parseLong(operand));
      };
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  private record Lines(List<JsonNode> all, List<JsonNode> minted, List<JsonNode> refused,
      List<JsonNode> upstreamFailed, List<JsonNode> ok) {
    List<JsonNode> others() {
      return all.stream().filter(line -> !minted.contains(line)).toList();
    }
  }

  /** Real request lines from the core's endpoint: minted, refused, failed upstream, and plain answers. */
  private static Lines requestLines() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TokenEndpoint endpoint = TokenEndpoint.create(Settings.from(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
          "GEMINI_BASE_URL", gemini.baseUrl(), "GOOGLE_CLOUD_PROJECT", "my-project")::get));
      endpoint.handle(post("{}"));
      endpoint.handle(post("{\"voice\":1}"));
      endpoint.handle(new EndpointRequest("gcp", "DELETE", "/api/token", Map.of(), null, "127.0.0.1"));
      gemini.answers(503, "{\"error\":{\"message\":\"down\"}}");
      endpoint.handle(post("{}"));
      endpoint.handle(new EndpointRequest("gcp", "GET", "/healthz", Map.of(), null, "127.0.0.1"));
      endpoint.handle(new EndpointRequest("gcp", "OPTIONS", "/api/token", Map.of(), null, "127.0.0.1"));
    } finally {
      System.setOut(out);
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> all = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).strip().split("\n")) {
      JsonNode node = json.readTree(line);
      if (node.path("message").asText().equals("token request")) {
        all.add(node);
      }
    }
    assertThat(all).hasSize(6);
    return new Lines(all, List.of(all.get(0)), List.of(all.get(1), all.get(2), all.get(3)), List.of(all.get(3)),
        List.of(all.get(4), all.get(5)));
  }

  private static EndpointRequest post(String body) {
    return new EndpointRequest("gcp", "POST", "/api/token",
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }
}
