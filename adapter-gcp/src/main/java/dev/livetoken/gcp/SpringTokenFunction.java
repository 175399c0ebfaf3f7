package dev.livetoken.gcp;

import com.google.cloud.functions.Context;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.TokenConfiguration;
import java.io.IOException;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.gcp.FunctionInvoker;
import org.springframework.core.env.StandardEnvironment;

/**
 * The Spring Cloud Function door to Cloud Functions ({@code --entry-point dev.livetoken.gcp.SpringTokenFunction}):
 * Spring Cloud Function's invoker starts the core's functionally registered context ({@link SpringGcpConfiguration})
 * and every HTTP request goes, as it is (method, path, headers, body, client address), to the catalog's function
 * named by {@code spring.cloud.function.definition} (default {@code tokenEndpoint}); its answer is written back
 * unchanged. The invoker's stock message path is bypassed: it loses the method and path, answers every error with
 * an empty 500 and turns Spring's message headers into HTTP headers.
 */
public class SpringTokenFunction extends FunctionInvoker {

  private final Function<EndpointRequest, EndpointResponse> endpoint;

  /** Called once per instance by the Functions Framework; starts the Spring context. */
  public SpringTokenFunction() {
    super(SpringGcpConfiguration.class);
    // The invoker keeps its context to itself; the definition comes from the same system properties and
    // environment variables (SPRING_CLOUD_FUNCTION_DEFINITION) that SpringGcpConfiguration read.
    this.endpoint = TokenConfiguration.endpoint(catalog, new StandardEnvironment());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    Exchange.serve(endpoint, request, response);
  }

  /** The function is deployed with an HTTP trigger only. */
  @Override
  public void accept(String json, Context context) {
    throw new UnsupportedOperationException("The token function has an HTTP trigger only");
  }
}
