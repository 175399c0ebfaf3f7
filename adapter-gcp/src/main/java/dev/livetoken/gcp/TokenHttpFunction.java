package dev.livetoken.gcp;

import com.google.cloud.functions.Context;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.ForwardedFor;
import dev.livetoken.core.TokenConfiguration;
import dev.livetoken.core.TokenEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.gcp.FunctionInvoker;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;

/**
 * The Cloud Functions entry point ({@code --entry-point dev.livetoken.gcp.TokenHttpFunction}). Spring Cloud
 * Function's invoker bootstraps the Spring context from {@link GcpConfiguration}; every HTTP request then
 * goes to the core's endpoint as it is (method, path, headers, body, client address) and its answer is
 * written back unchanged. The stock message-based path is bypassed because it loses the method and path,
 * answers every error with an empty 500 and leaks Spring's message headers.
 */
public class TokenHttpFunction extends FunctionInvoker {

  private final Function<EndpointRequest, EndpointResponse> endpoint;

  /** Called once per instance by the Functions Framework; builds the whole context eagerly. */
  public TokenHttpFunction() {
    super(GcpConfiguration.class);
    this.endpoint = endpointFromCatalog();
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    EndpointResponse answer = endpoint.apply(EndpointRequest.ofMultiValued(
        "gcp", request.getMethod(), request.getPath(), request.getHeaders(), request.getInputStream(),
        // Google's front end appends the caller's address; the socket peer is never the caller in the cloud.
        ForwardedFor.rightmost(request.getHeaders())));
    response.setStatusCode(answer.status());
    answer.headers().forEach(response::appendHeader);
    if (answer.body().length > 0) {
      try (OutputStream out = response.getOutputStream()) {
        out.write(answer.body());
      }
    }
  }

  /** This function is deployed with an HTTP trigger only. */
  @Override
  public void accept(String json, Context context) {
    throw new UnsupportedOperationException("The token function has an HTTP trigger only");
  }

  @SuppressWarnings("unchecked")
  private Function<EndpointRequest, EndpointResponse> endpointFromCatalog() {
    FunctionInvocationWrapper wrapper = catalog.lookup(Function.class, TokenConfiguration.ENDPOINT_FUNCTION);
    if (wrapper == null || !(wrapper.getTarget() instanceof TokenEndpoint)) {
      throw new IllegalStateException("No '" + TokenConfiguration.ENDPOINT_FUNCTION + "' function in the context");
    }
    return (Function<EndpointRequest, EndpointResponse>) wrapper.getTarget();
  }
}
