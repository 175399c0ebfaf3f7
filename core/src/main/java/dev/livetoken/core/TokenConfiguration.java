package dev.livetoken.core;

import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The Spring wiring, registered functionally (nothing scanned): settings from the context's environment
 * (system properties, then environment variables) and two functions in Spring Cloud Function's catalog,
 * which under functional registration sees {@link FunctionRegistration} beans only:
 * {@value #TOKEN_FUNCTION}, the {@link TokenFunction}, and {@value #ENDPOINT_FUNCTION}, the HTTP contract
 * ({@link TokenEndpoint}) that the platform entry points hand their requests to.
 *
 * <p>This is for running the function under Spring Cloud Function (its web, stream or platform adapters, or
 * any Spring application that wants the catalog). The three entry points in this repository build the same
 * objects with {@link TokenEndpoint#create} and no Spring context: starting one cost about 0.1 s of every cold
 * start, and starting Spring Boot through Spring Cloud Function's invokers about 0.4 s more (BENCHMARKS.md).
 */
public class TokenConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  public static final String TOKEN_FUNCTION = "token";
  public static final String ENDPOINT_FUNCTION = "tokenEndpoint";

  @Override
  public void initialize(GenericApplicationContext context) {
    context.registerBean(Settings.class, () -> Settings.from(context.getEnvironment()::getProperty));
    context.registerBean(TokenFunction.class, () -> TokenFunction.create(context.getBean(Settings.class)));
    context.registerBean(TokenEndpoint.class,
        () -> new TokenEndpoint(context.getBean(Settings.class), context.getBean(TokenFunction.class)));
    context.registerBean(TOKEN_FUNCTION, FunctionRegistration.class,
        () -> new FunctionRegistration<>(context.getBean(TokenFunction.class), TOKEN_FUNCTION)
            .type(TokenFunction.class));
    context.registerBean(ENDPOINT_FUNCTION, FunctionRegistration.class,
        () -> new FunctionRegistration<>(context.getBean(TokenEndpoint.class), ENDPOINT_FUNCTION)
            .type(TokenEndpoint.class));
  }
}
