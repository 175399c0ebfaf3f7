package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.livetoken.contract.Call;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProxyEventReaderTest {

  private final ProxyEventReader reader = new ProxyEventReader(new ObjectMapper());

  @Test
  void anHttpApiOnANamedStageHasTheStageStrippedFromItsRawPath() throws Exception {
    ObjectNode event = EventShape.HTTP_API.template();
    event.put("rawPath", "/live/api/token");
    ((ObjectNode) event.get("requestContext")).put("stage", "live");

    assertThat(reader.read(bytes(event)).path()).isEqualTo("/api/token");

    event.put("rawPath", "/live");
    assertThat(reader.read(bytes(event)).path()).isEqualTo("/");
    event.put("rawPath", "/lively/api/token");
    assertThat(reader.read(bytes(event)).path()).as("only a whole segment is the stage").isEqualTo("/lively/api/token");
  }

  @Test
  void aRestApiPathIsAlreadyRelativeToItsStage() throws Exception {
    ProxyEvent event = reader.read(EventShape.REST_API.event(Call.post("{}")));

    assertThat(event.source()).isEqualTo(EventSource.REST_API);
    assertThat(event.path()).isEqualTo("/api/token");
    assertThat(event.sourceIp()).isEqualTo(EventShape.CLIENT_IP);
    assertThat(event.multiValueHeaders()).isTrue();
  }

  @Test
  void aFunctionUrlEventWithoutATopLevelRouteKeyIsStillHttp() throws Exception {
    ObjectNode event = EventShape.FUNCTION_URL.template();
    event.remove("routeKey");

    ProxyEvent read = reader.read(bytes(event));

    assertThat(read.source()).isEqualTo(EventSource.HTTP_API);
    assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void anAlbClientIsTheRightmostForwardedForEntry() throws Exception {
    ProxyEvent event = reader.read(EventShape.ALB.event(
        Call.post("{}").header("X-Forwarded-For", "192.0.2.1, 192.0.2.2"), "203.0.113.5"));

    assertThat(event.sourceIp()).isEqualTo("203.0.113.5");
  }

  @Test
  void aBase64BodyIsItsExactBytesAndOnlyStrictBase64Decodes() throws Exception {
    ObjectNode event = EventShape.FUNCTION_URL.template();
    byte[] binary = {'{', '}', (byte) 0xC3, 0x28, 0, (byte) 0xFF, (byte) 0xFE};
    event.put("body", Base64.getEncoder().encodeToString(binary));
    event.put("isBase64Encoded", true);
    assertThat(reader.read(bytes(event)).body()).containsExactly(binary);

    // Line breaks and spaces (which a MIME decoder skips), the URL-safe alphabet, data after the padding.
    for (String lax : new String[] {"e30=\n", "e3 0=", "e30\r\n=", "-_8=", "e30=e30=", "e30=%"}) {
      event.put("body", lax);
      assertThatThrownBy(() -> reader.read(bytes(event))).as(lax).isInstanceOf(MalformedEventException.class)
          .hasMessage("body is not valid base64");
    }

    event.put("body", "e30=");
    event.put("isBase64Encoded", false);
    assertThat(new String(reader.read(bytes(event)).body(), StandardCharsets.UTF_8)).as("text as it is").isEqualTo("e30=");
  }

  @Test
  void nullHeadersAndBodyAreEmpty() throws Exception {
    ObjectNode event = EventShape.REST_API.template();
    event.putNull("headers");
    event.putNull("multiValueHeaders");
    event.putNull("body");

    ProxyEvent read = reader.read(bytes(event));

    assertThat(read.headers()).isEmpty();
    assertThat(read.body()).isEmpty();
  }

  private static byte[] bytes(ObjectNode event) {
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }
}
