package dev.livetoken.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.TokenEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The function {@link TokenHandler} runs: the raw invocation payload in, the proxy response JSON out.
 *
 * <p>Taking an {@link InputStream} makes Spring's {@code AWSLambdaUtils} hand the event over untouched: it
 * neither logs it, nor parses it into message headers, nor needs its (functionally unregistered) AWS type
 * converter; returning bytes makes it write them back as they are, adding no headers of its own.
 */
public final class LambdaProxyFunction implements Function<InputStream, byte[]> {

  /** The bean name, which is also the function definition {@link TokenHandler} asks for. */
  public static final String NAME = "lambdaProxy";

  private static final Log log = LogFactory.getLog(LambdaProxyFunction.class);

  private final TokenEndpoint endpoint;
  private final ProxyEventReader reader = new ProxyEventReader(new ObjectMapper());
  private final ProxyResponseWriter writer = new ProxyResponseWriter();

  public LambdaProxyFunction(TokenEndpoint endpoint) {
    this.endpoint = endpoint;
    // Lambda's init phase ends here: finish building the upstream client inside it, so that a SnapStart
    // snapshot holds a ready client and an on-demand first invocation does not wait for one.
    endpoint.awaitReady();
  }

  @Override
  public byte[] apply(InputStream payload) {
    byte[] event;
    try (payload) {
      event = payload.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return handle(event);
  }

  /** Answers one event; never throws. */
  byte[] handle(byte[] event) {
    ProxyEvent request;
    try {
      request = reader.read(event);
    } catch (MalformedEventException e) {
      // The reason names a field, never a value: the event may hold page content.
      log.warn("Malformed Lambda event: " + e.getMessage());
      return writer.error(e.source(), e.multiValueHeaders(), 400, "Malformed event");
    }
    try {
      EndpointResponse response = endpoint.handle(EndpointRequest.ofMultiValued("aws", request.method(),
          request.path(), request.headers(), new ByteArrayInputStream(request.body()), request.sourceIp()));
      return writer.write(request.source(), request.multiValueHeaders(), response);
    } catch (RuntimeException e) {
      log.error("Lambda event failed: " + e.getClass().getName());
      return writer.error(request.source(), request.multiValueHeaders(), 500, "Internal error");
    }
  }
}
