package dev.livetoken.gcp;

import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.TokenConfiguration;
import dev.livetoken.core.TokenEndpoint;
import java.util.Map;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The core's wiring plus one function registration, {@value #ENDPOINT_FUNCTION}, through which the entry
 * point reaches the core's endpoint in Spring Cloud Function's catalog.
 */
public final class GcpConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  static final String ENDPOINT_FUNCTION = "tokenHttpEndpoint";

  @Override
  public void initialize(GenericApplicationContext context) {
    // Spring Cloud Function's invoker refuses to start unless function.name names a function; first, so that
    // a FUNCTION_NAME variable (set by some Cloud Functions runtimes) cannot redirect it.
    context.getEnvironment().getPropertySources().addFirst(
        new MapPropertySource("gcp-adapter", Map.of("function.name", ENDPOINT_FUNCTION)));
    new TokenConfiguration().initialize(context);
    // Spring Cloud Function's functional catalog sees registrations only, not plain Function beans.
    context.registerBean(ENDPOINT_FUNCTION, FunctionRegistration.class,
        () -> new FunctionRegistration<>(new EndpointFunction(context.getBean(TokenEndpoint.class)), ENDPOINT_FUNCTION)
            .type(EndpointFunction.class));
  }

  /** The core endpoint as a function, so that the catalog can hand it out. */
  record EndpointFunction(TokenEndpoint endpoint) implements Function<EndpointRequest, EndpointResponse> {

    @Override
    public EndpointResponse apply(EndpointRequest request) {
      return endpoint.handle(request);
    }
  }
}
