package dev.livetoken.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link TokenEndpoint} answers; adapters write it back as it is, adding nothing.
 *
 * @param status the HTTP status
 * @param headers the headers, in the order they should be written
 * @param body the body; empty for 204
 */
public record EndpointResponse(int status, Map<String, String> headers, byte[] body) {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * A one-field JSON answer in the contract's form ({@code Content-Type: application/json},
   * {@code Cache-Control: no-store}), followed by {@code extra} headers.
   */
  public static EndpointResponse json(int status, Map<String, String> extra, String field, String value) {
    return json(status, extra, generator -> generator.writeStringField(field, value));
  }

  /** The 200 answer: {@code {"token", "sessionMeta": {"sessionId", "expireTime", "newSessionExpireTime"}}}. */
  public static EndpointResponse token(Map<String, String> extra, TokenResponse token) {
    return json(200, extra, generator -> {
      generator.writeStringField("token", token.token());
      if (token.sessionMeta() != null) {
        generator.writeObjectFieldStart("sessionMeta");
        generator.writeStringField("sessionId", token.sessionMeta().sessionId());
        generator.writeStringField("expireTime", token.sessionMeta().expireTime().toString());
        generator.writeStringField("newSessionExpireTime", token.sessionMeta().newSessionExpireTime().toString());
        generator.writeEndObject();
      }
    });
  }

  private interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  private static EndpointResponse json(int status, Map<String, String> extra, Fields fields) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    headers.putAll(extra);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      fields.write(generator);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EndpointResponse(status, headers, out.toByteArray());
  }

  /** The contract's error answer, {@code {"error": message}}, with no further headers. */
  public static EndpointResponse error(int status, String message) {
    return json(status, Map.of(), "error", message);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
