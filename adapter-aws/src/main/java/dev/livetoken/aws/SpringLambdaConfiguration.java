package dev.livetoken.aws;

import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.TokenConfiguration;
import dev.livetoken.core.TokenEndpoint;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The Spring door's context ({@code MAIN_CLASS}): the core's wiring plus {@value #PROXY_FUNCTION}, the function
 * Spring Cloud Function's Lambda invoker runs, which reads each proxy event and hands it to the catalog's function
 * named by {@code spring.cloud.function.definition} (default {@code tokenEndpoint}). Registered functionally, so
 * the context starts without scanning or auto-configuration.
 */
public final class SpringLambdaConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  /** The function definition {@link SpringTokenHandler} gives the invoker. */
  static final String PROXY_FUNCTION = "lambdaProxy";

  @Override
  public void initialize(GenericApplicationContext context) {
    new TokenConfiguration().initialize(context);
    // The catalog builds the proxy's registration while it is itself being built, so the served function is
    // looked up once the context is refreshed; a definition naming no HTTP function still stops the start.
    AtomicReference<Function<EndpointRequest, EndpointResponse>> contract = new AtomicReference<>();
    ApplicationListener<ContextRefreshedEvent> lookup = event -> contract.set(
        TokenConfiguration.endpoint(context.getBean(FunctionCatalog.class), context.getEnvironment()));
    context.addApplicationListener(lookup);
    context.registerBean(LambdaProxyFunction.class, () -> new LambdaProxyFunction(
        context.getBean(TokenEndpoint.class), request -> contract.get().apply(request)));
    // Under functional registration the catalog finds only FunctionRegistration beans.
    context.registerBean(PROXY_FUNCTION, FunctionRegistration.class,
        () -> new FunctionRegistration<>(context.getBean(LambdaProxyFunction.class), PROXY_FUNCTION)
            .type(LambdaProxyFunction.class));
  }
}
