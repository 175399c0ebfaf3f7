package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One AWS front end: fills a {@link Call} into its recorded event (under {@code events/}) the way that front
 * end would, and reads the function's proxy response back as that front end would.
 */
enum EventShape {

  /** API Gateway REST API (payload 1.0), stage {@code prod}: headers in both forms, body as text. */
  REST_API("rest_api_event.json") {
    @Override
    void fill(ObjectNode event, Call call, String clientIp) {
      ObjectNode context = (ObjectNode) event.get("requestContext");
      event.put("httpMethod", call.method());
      event.put("path", call.path());
      event.put("resource", call.path());
      context.put("httpMethod", call.method());
      context.put("path", "/" + context.get("stage").asText() + call.path());
      context.put("resourcePath", call.path());
      ((ObjectNode) context.get("identity")).put("sourceIp", clientIp);
      Map<String, String> headers = headers(event.get("headers"), call, clientIp, false);
      event.set("headers", single(headers));
      event.set("multiValueHeaders", multi(headers));
      textBody(event, call, true);
    }
  },

  /** API Gateway HTTP API (payload 2.0), {@code $default} stage: header names lower-cased. */
  HTTP_API("http_api_event.json") {
    @Override
    void fill(ObjectNode event, Call call, String clientIp) {
      v2(event, call, clientIp, call.method() + " " + call.path());
      textBody(event, call, false);
    }
  },

  /** A Lambda Function URL: v2-shaped with routeKey {@code $default}, the body base64-encoded. */
  FUNCTION_URL("function_url_event.json") {
    @Override
    void fill(ObjectNode event, Call call, String clientIp) {
      v2(event, call, clientIp, "$default");
      event.remove("body");
      if (call.body().length > 0) {
        event.put("body", Base64.getEncoder().encodeToString(call.body()));
      }
      event.put("isBase64Encoded", call.body().length > 0);
    }
  },

  /** An ALB target group: the balancer appends the client to X-Forwarded-For. */
  ALB("alb_event.json") {
    @Override
    void fill(ObjectNode event, Call call, String clientIp) {
      alb(event, call, clientIp, false);
    }
  },

  /** An ALB target group with multi-value headers enabled. */
  ALB_MULTI_VALUE("alb_multi_value_event.json") {
    @Override
    void fill(ObjectNode event, Call call, String clientIp) {
      alb(event, call, clientIp, true);
    }
  };

  /** Where the recorded events put the client; tests vary it. */
  static final String CLIENT_IP = "198.51.100.7";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PROXY_FIELDS = Set.of("statusCode", "headers", "body", "isBase64Encoded");
  private static final Set<String> ALB_FIELDS =
      Set.of("statusCode", "statusDescription", "headers", "multiValueHeaders", "body", "isBase64Encoded");

  private final String file;

  EventShape(String file) {
    this.file = file;
  }

  abstract void fill(ObjectNode event, Call call, String clientIp);

  byte[] event(Call call) {
    return event(call, CLIENT_IP);
  }

  /** The call's query string goes where each front end puts it, apart from the path (and parsed, as they do). */
  byte[] event(Call call, String clientIp) {
    ObjectNode event = template();
    int query = call.path().indexOf('?');
    fill(event, query < 0 ? call : call.to(call.path().substring(0, query)), clientIp);
    if (query >= 0) {
      putQuery(event, call.path().substring(query + 1));
    }
    try {
      return JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ObjectNode template() {
    try (InputStream in = EventShape.class.getResourceAsStream("/events/" + file)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy response as the front end reads it, after checking it has the shape that front end accepts. */
  Reply reply(byte[] output) {
    JsonNode response;
    try {
      response = JSON.readTree(output);
    } catch (IOException e) {
      throw new AssertionError("not a JSON proxy response: " + new String(output, StandardCharsets.UTF_8), e);
    }
    assertThat(response.isObject()).as("proxy response is an object").isTrue();
    Set<String> allowed = this == ALB || this == ALB_MULTI_VALUE ? ALB_FIELDS : PROXY_FIELDS;
    response.fieldNames().forEachRemaining(field -> assertThat(allowed).as("proxy response field").contains(field));
    assertThat(response.get("statusCode").isInt()).as("statusCode is a number").isTrue();
    int status = response.get("statusCode").asInt();

    Map<String, String> headers = new LinkedHashMap<>();
    if (this == ALB_MULTI_VALUE) {
      assertThat(response.has("headers")).as("multi-value ALB reads only multiValueHeaders").isFalse();
      response.get("multiValueHeaders").fields().forEachRemaining(header -> {
        assertThat(header.getValue().isArray()).isTrue();
        headers.put(header.getKey(), String.join(", ", JSON.convertValue(header.getValue(), String[].class)));
      });
    } else {
      assertThat(response.has("multiValueHeaders")).isFalse();
      response.get("headers").fields().forEachRemaining(header -> {
        assertThat(header.getValue().isTextual()).as("header value is a string").isTrue();
        headers.put(header.getKey(), header.getValue().asText());
      });
    }
    if (this == ALB || this == ALB_MULTI_VALUE) {
      assertThat(response.get("statusDescription").asText()).startsWith(status + " ");
    }
    // Both always, as the writer promises; a front end would default them, which would hide a writer leaving them out.
    assertThat(response.path("body").isTextual()).as("body is a string").isTrue();
    assertThat(response.path("isBase64Encoded").isBoolean()).as("isBase64Encoded is a boolean").isTrue();
    String body = response.get("body").asText();
    if (response.get("isBase64Encoded").asBoolean()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    return new Reply(status, headers, body);
  }

  // --- how each front end spells a request ---------------------------------------------------------

  private static void v2(ObjectNode event, Call call, String clientIp, String routeKey) {
    ObjectNode context = (ObjectNode) event.get("requestContext");
    ObjectNode http = (ObjectNode) context.get("http");
    event.put("routeKey", routeKey);
    context.put("routeKey", routeKey);
    event.put("rawPath", call.path());
    http.put("method", call.method());
    http.put("path", call.path());
    http.put("sourceIp", clientIp);
    event.set("headers", single(headers(event.get("headers"), call, clientIp, true)));
  }

  private static void alb(ObjectNode event, Call call, String clientIp, boolean multiValue) {
    event.put("httpMethod", call.method());
    event.put("path", call.path());
    JsonNode recorded = multiValue ? event.get("multiValueHeaders") : event.get("headers");
    Map<String, String> headers = headers(recorded, call, clientIp, true);
    // The balancer appends the address it saw to whatever X-Forwarded-For the client sent.
    String sent = call.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("X-Forwarded-For"))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    headers.put("x-forwarded-for", sent == null ? clientIp : sent + ", " + clientIp);
    if (multiValue) {
      event.set("multiValueHeaders", multi(headers));
    } else {
      event.set("headers", single(headers));
    }
    putBody(event, call.body());
  }

  private static void putQuery(ObjectNode event, String query) {
    ObjectNode single = JSON.createObjectNode();
    ObjectNode multi = JSON.createObjectNode();
    for (String pair : query.split("&")) {
      String[] parts = pair.split("=", 2);
      single.put(parts[0], parts.length > 1 ? parts[1] : "");
      multi.withArrayProperty(parts[0]).add(parts.length > 1 ? parts[1] : "");
    }
    if (event.has("rawQueryString")) {
      event.put("rawQueryString", query);
    }
    if (event.has("multiValueQueryStringParameters")) {
      event.set("multiValueQueryStringParameters", multi);
    }
    if (event.has("queryStringParameters") || event.has("rawQueryString")) {
      event.set("queryStringParameters", single);
    }
  }

  private static void textBody(ObjectNode event, Call call, boolean nullWhenEmpty) {
    event.remove("body");
    if (call.body().length > 0) {
      putBody(event, call.body());
    } else {
      if (nullWhenEmpty) {
        event.putNull("body");
      }
      event.put("isBase64Encoded", false);
    }
  }

  /**
   * A body the front ends can pass as text goes as text; bytes that are not UTF-8 text they can only pass
   * base64-encoded, which is how such a body (invalid or overlong UTF-8 in the hostile corpus) reaches us.
   */
  private static void putBody(ObjectNode event, byte[] body) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body)).toString();
      event.put("body", text);
      event.put("isBase64Encoded", false);
    } catch (java.nio.charset.CharacterCodingException e) {
      event.put("body", Base64.getEncoder().encodeToString(body));
      event.put("isBase64Encoded", true);
    }
  }

  /** The recorded headers (a multi-value map is flattened), then the call's, with the platform's address. */
  private static Map<String, String> headers(JsonNode recorded, Call call, String clientIp, boolean lowerCase) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = recorded.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      JsonNode value = header.getValue();
      headers.put(header.getKey(), value.isArray() ? value.get(0).asText() : value.asText());
    }
    headers.replaceAll((name, value) -> name.equalsIgnoreCase("X-Forwarded-For") ? clientIp : value);
    call.headers().forEach((name, value) -> headers.put(lowerCase ? name.toLowerCase(Locale.ROOT) : name, value));
    if (call.body().length > 0) {
      headers.put(lowerCase ? "content-length" : "Content-Length", Integer.toString(call.body().length));
    }
    return headers;
  }

  private static ObjectNode single(Map<String, String> headers) {
    ObjectNode node = JSON.createObjectNode();
    headers.forEach(node::put);
    return node;
  }

  private static ObjectNode multi(Map<String, String> headers) {
    ObjectNode node = JSON.createObjectNode();
    headers.forEach((name, value) -> {
      ArrayNode values = node.putArray(name);
      values.add(value);
    });
    return node;
  }
}
