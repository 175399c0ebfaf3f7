package dev.livetoken.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.core.ForwardedFor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads API Gateway (REST v1, HTTP API v2), Function URL and ALB events into {@link ProxyEvent}s. */
final class ProxyEventReader {

  private final ObjectMapper json;

  ProxyEventReader(ObjectMapper json) {
    this.json = json;
  }

  ProxyEvent read(byte[] payload) throws MalformedEventException {
    JsonNode event;
    try {
      event = json.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("event is not JSON", null, false);
    } catch (IOException e) {
      throw new MalformedEventException("event could not be read", null, false);
    }
    if (event == null || !event.isObject()) {
      throw new MalformedEventException("event is not a JSON object", null, false);
    }
    JsonNode context = event.path("requestContext");
    if (context.has("elb")) {
      return alb(event);
    }
    if (context.path("http").isObject()) {
      // HTTP API v2 and Function URLs; recognised by requestContext.http, since a Function URL event may
      // come without the top-level routeKey that Spring's own detection needs.
      return httpApi(event, context);
    }
    if (event.has("httpMethod")) {
      return restApi(event, context);
    }
    throw new MalformedEventException("not an API Gateway, Function URL or ALB event", null, false);
  }

  private ProxyEvent restApi(JsonNode event, JsonNode context) throws MalformedEventException {
    EventSource source = EventSource.REST_API;
    boolean multi = hasObject(event, "multiValueHeaders", source);
    // REST v1's top-level path is already relative to the stage (requestContext.path carries the stage).
    return new ProxyEvent(source, text(event, "httpMethod", source, multi), text(event, "path", source, multi),
        multi ? multiHeaders(event.get("multiValueHeaders"), source) : headers(event.get("headers"), source),
        body(event, source, multi), optionalText(context.path("identity").get("sourceIp")), multi);
  }

  private ProxyEvent httpApi(JsonNode event, JsonNode context) throws MalformedEventException {
    EventSource source = EventSource.HTTP_API;
    String rawPath = text(event, "rawPath", source, false);
    return new ProxyEvent(source, text(context.get("http"), "method", source, false),
        withoutStage(rawPath, optionalText(context.get("stage"))),
        headers(event.get("headers"), source), body(event, source, false),
        optionalText(context.get("http").get("sourceIp")), false);
  }

  private ProxyEvent alb(JsonNode event) throws MalformedEventException {
    EventSource source = EventSource.ALB;
    boolean multi = hasObject(event, "multiValueHeaders", source);
    Map<String, List<String>> headers =
        multi ? multiHeaders(event.get("multiValueHeaders"), source) : headers(event.get("headers"), source);
    return new ProxyEvent(source, text(event, "httpMethod", source, multi), text(event, "path", source, multi),
        headers, body(event, source, multi), ForwardedFor.rightmost(headers), multi);
  }

  /** An HTTP API's rawPath starts with the stage name unless the stage is {@code $default}. */
  static String withoutStage(String rawPath, String stage) {
    if (stage == null || stage.isEmpty() || stage.equals("$default")) {
      return rawPath;
    }
    String prefix = "/" + stage;
    if (rawPath.equals(prefix)) {
      return "/";
    }
    return rawPath.startsWith(prefix + "/") ? rawPath.substring(prefix.length()) : rawPath;
  }

  private static byte[] body(JsonNode event, EventSource source, boolean multi) throws MalformedEventException {
    JsonNode body = event.get("body");
    if (body == null || body.isNull()) {
      return new byte[0];
    }
    if (!body.isTextual()) {
      throw new MalformedEventException("body is not a string", source, multi);
    }
    if (event.path("isBase64Encoded").asBoolean(false)) {
      try {
        return Base64.getDecoder().decode(body.textValue());
      } catch (IllegalArgumentException e) {
        throw new MalformedEventException("body is not valid base64", source, multi);
      }
    }
    return body.textValue().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> headers(JsonNode headers, EventSource source)
      throws MalformedEventException {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (headers == null || headers.isNull()) {
      return result;
    }
    if (!headers.isObject()) {
      throw new MalformedEventException("headers is not an object", source, false);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      if (header.getValue().isValueNode() && !header.getValue().isNull()) {
        result.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue().asText());
      }
    }
    return result;
  }

  private static Map<String, List<String>> multiHeaders(JsonNode headers, EventSource source)
      throws MalformedEventException {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      JsonNode values = header.getValue();
      if (values.isNull()) {
        continue;
      }
      if (!values.isArray()) {
        throw new MalformedEventException("multiValueHeaders." + header.getKey() + " is not a list", source, true);
      }
      List<String> list = result.computeIfAbsent(header.getKey(), name -> new ArrayList<>());
      values.forEach(value -> {
        if (value.isValueNode() && !value.isNull()) {
          list.add(value.asText());
        }
      });
    }
    return result;
  }

  private static boolean hasObject(JsonNode event, String field, EventSource source)
      throws MalformedEventException {
    JsonNode node = event.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isObject()) {
      throw new MalformedEventException(field + " is not an object", source, false);
    }
    return true;
  }

  private static String text(JsonNode parent, String field, EventSource source, boolean multi)
      throws MalformedEventException {
    JsonNode node = parent == null ? null : parent.get(field);
    if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
      throw new MalformedEventException(field + " is missing", source, multi);
    }
    return node.textValue();
  }

  private static String optionalText(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
  }
}
