package dev.livetoken.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.TokenEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * One proxy event (REST v1, HTTP API v2, Function URL or ALB) through the core's contract and back.
 *
 * <p>As the Spring door's catalog function, taking an {@link InputStream} makes Spring Cloud Function's
 * {@code AWSLambdaUtils} hand the event over untouched (it neither logs it nor parses it into message headers),
 * and returning bytes makes it write them back as they are, adding no headers of its own.
 */
final class LambdaProxyFunction implements Function<InputStream, byte[]> {

  private final TokenEndpoint endpoint;
  private final Function<EndpointRequest, EndpointResponse> contract;
  private final ProxyEventReader reader = new ProxyEventReader(new ObjectMapper());
  private final ProxyResponseWriter writer = new ProxyResponseWriter();
  // A SnapStart snapshot holds the Redis connection init opened, dead once restored: a fresh one before the
  // first request after a restore (held here: the CRaC context keeps only weak references to its resources).
  private final Resource reconnectOnRestore = new Resource() {
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {}

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      endpoint.reconnect();
    }
  };

  LambdaProxyFunction(TokenEndpoint endpoint) {
    this(endpoint, endpoint::handle);
  }

  /** Serves {@code contract} (a function from Spring Cloud Function's catalog); {@code endpoint} logs. */
  LambdaProxyFunction(TokenEndpoint endpoint, Function<EndpointRequest, EndpointResponse> contract) {
    this.endpoint = endpoint;
    this.contract = contract;
    // Lambda's init phase ends here: finish building the upstream client inside it, so that a SnapStart
    // snapshot holds a ready client and an on-demand first invocation does not wait for one.
    endpoint.awaitReady();
    Core.getGlobalContext().register(reconnectOnRestore);
  }

  /**
   * Answers one event. Never throws: anything that escaped would reach the front end as a bare 502, so a
   * failure is a JSON 500 in the event's own response shape (or in API Gateway's, if the event is unread).
   */
  @Override
  public byte[] apply(InputStream payload) {
    return handle(payload);
  }

  byte[] handle(InputStream payload) {
    byte[] event;
    try (payload) {
      event = payload.readAllBytes();
    } catch (IOException e) {
      endpoint.log("ERROR", "Lambda event could not be read: " + e.getClass().getName());
      return writer.error(null, false, 500, "Internal error");
    }
    return handle(event);
  }

  private byte[] handle(byte[] event) {
    ProxyEvent request;
    try {
      request = reader.read(event);
    } catch (MalformedEventException e) {
      // The reason names a field, never a value: the event may hold page content.
      endpoint.log("WARNING", "Malformed Lambda event: " + e.getMessage());
      return writer.error(e.source(), e.multiValueHeaders(), 400, "Malformed event");
    }
    try {
      EndpointResponse response = contract.apply(EndpointRequest.ofMultiValued("aws", request.method(),
          request.path(), request.headers(), new ByteArrayInputStream(request.body()), request.sourceIp()));
      return writer.write(request.source(), request.multiValueHeaders(), response);
    } catch (RuntimeException e) {
      endpoint.log("ERROR", "Lambda event failed: " + e.getClass().getName());
      return writer.error(request.source(), request.multiValueHeaders(), 500, "Internal error");
    }
  }
}
