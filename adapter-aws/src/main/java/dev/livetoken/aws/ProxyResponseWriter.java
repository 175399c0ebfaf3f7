package dev.livetoken.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.livetoken.core.EndpointResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Writes the core's response as the proxy-integration JSON the front end expects, with exactly the core's
 * status, headers and body. API Gateway's REST integration rejects unknown fields, so only an ALB gets
 * {@code statusDescription}; an ALB with multi-value headers enabled reads only {@code multiValueHeaders}.
 */
final class ProxyResponseWriter {

  private static final JsonFactory JSON = new JsonFactory();

  byte[] write(EventSource source, boolean multiValueHeaders, EndpointResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + response.body().length);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("statusCode", response.status());
      if (source == EventSource.ALB) {
        json.writeStringField("statusDescription", statusDescription(response.status()));
      }
      if (source == EventSource.ALB && multiValueHeaders) {
        json.writeObjectFieldStart("multiValueHeaders");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
          json.writeArrayFieldStart(header.getKey());
          json.writeString(header.getValue());
          json.writeEndArray();
        }
      } else {
        json.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
          json.writeStringField(header.getKey(), header.getValue());
        }
      }
      json.writeEndObject();
      json.writeStringField("body", response.bodyText());
      json.writeBooleanField("isBase64Encoded", false);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A JSON error of the adapter's own (an event it cannot read, a failure outside the core). */
  byte[] error(EventSource source, boolean multiValueHeaders, int status, String message) {
    return write(source, multiValueHeaders, EndpointResponse.error(status, message));
  }

  static String statusDescription(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? Integer.toString(status) : status + " " + known.getReasonPhrase();
  }
}
