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
 * One proxy event (REST v1, HTTP API v2, Function URL or ALB) through the core's contract and back, with the
 * invocation's X-Ray trace id and CloudWatch's embedded metrics in the request's log line.
 *
 * <p>As the Spring door's catalog function, taking an {@link InputStream} makes Spring Cloud Function's
 * {@code AWSLambdaUtils} hand the event over untouched (it neither logs it nor parses it into message headers),
 * and returning bytes makes it write them back as they are, adding no headers of its own.
 */
final class LambdaProxyFunction implements Function<InputStream, byte[]> {

  static final String XRAY_TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

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
    endpoint.embedMetrics();
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
    } catch (IOException | RuntimeException e) {
      endpoint.log("ERROR", "Lambda event could not be read: " + e.getClass().getName());
      return writer.write(null, false, endpoint.internalError(null));
    }
    return handle(event);
  }

  /**
   * The invocation's X-Ray trace header: the Java runtime client sets the property on every invocation; the
   * variable is other runtimes' form; an ALB or a traced API Gateway also puts it on the event.
   */
  private static String xrayTrace(ProxyEvent request) {
    String header = System.getProperty(XRAY_TRACE_PROPERTY, System.getenv("_X_AMZN_TRACE_ID"));
    if (header != null && !header.isBlank()) {
      return header;
    }
    return request.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("X-Amzn-Trace-Id"))
        .flatMap(h -> h.getValue().stream()).findFirst().orElse(null);
  }

  private byte[] handle(byte[] event) {
    ProxyEvent read;
    try {
      read = reader.read(event);
    } catch (MalformedEventException e) {
      // The reason names a field, never a value: the event may hold page content.
      endpoint.log("WARNING", "Malformed Lambda event: " + e.getMessage());
      return writer.error(e.source(), e.multiValueHeaders(), 400, "Malformed event");
    } catch (RuntimeException e) {
      return failed(e, null, null);
    }
    EndpointRequest request = EndpointRequest.ofMultiValued("aws", read.method(), read.path(), read.headers(),
        new ByteArrayInputStream(read.body()), read.sourceIp()).withXrayTrace(xrayTrace(read));
    try {
      return writer.write(read.source(), read.multiValueHeaders(), contract.apply(request));
    } catch (RuntimeException e) {
      return failed(e, read, request);
    }
  }

  /** The contract's 500 in the event's shape, with the CORS headers of the request if it was read. */
  private byte[] failed(RuntimeException e, ProxyEvent read, EndpointRequest request) {
    endpoint.log("ERROR", "Lambda event failed: " + e.getClass().getName());
    EndpointResponse error = endpoint.internalError(request);
    return read == null ? writer.write(null, false, error) : writer.write(read.source(), read.multiValueHeaders(), error);
  }
}
