package dev.livetoken.core;

import java.lang.reflect.Type;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.PropertyResolver;

/**
 * The Spring wiring, registered functionally (nothing scanned): settings from the context's environment
 * (system properties, then environment variables) and two functions in Spring Cloud Function's catalog,
 * which under functional registration sees {@link FunctionRegistration} beans only:
 * {@value #TOKEN_FUNCTION}, the {@link TokenFunction}, and {@value #ENDPOINT_FUNCTION}, the HTTP contract
 * ({@link TokenEndpoint}) that the platform entry points hand their requests to.
 *
 * <p>The Spring doors (Spring Cloud Function's Cloud Functions and Lambda invokers) start this context and
 * serve the function {@link #endpoint} finds in its catalog; the lean doors build the same objects with
 * {@link TokenEndpoint#create} and no Spring context.
 */
public class TokenConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  public static final String TOKEN_FUNCTION = "token";
  public static final String ENDPOINT_FUNCTION = "tokenEndpoint";
  /** Spring Cloud Function's property naming the function a platform door serves. */
  public static final String DEFINITION_PROPERTY = "spring.cloud.function.definition";

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

  /** The definition a door serves: {@value #DEFINITION_PROPERTY} if set, else {@value #ENDPOINT_FUNCTION}. */
  public static String definition(PropertyResolver properties) {
    String definition = properties.getProperty(DEFINITION_PROPERTY);
    return definition == null || definition.isBlank() ? ENDPOINT_FUNCTION : definition.strip();
  }

  /**
   * The HTTP contract a door hands its requests to, looked up in the catalog under {@link #definition}.
   * Calls go through the catalog's invocation wrapper, so a composed definition ({@code a|b}) works too.
   *
   * @throws IllegalStateException if the catalog has no such function, or it does not take an
   *     {@link EndpointRequest} to an {@link EndpointResponse}
   */
  public static Function<EndpointRequest, EndpointResponse> endpoint(FunctionCatalog catalog,
      PropertyResolver properties) {
    String definition = definition(properties);
    FunctionInvocationWrapper function = catalog.lookup(Function.class, definition);
    if (function == null) {
      throw new IllegalStateException("No function '" + definition + "' in Spring Cloud Function's catalog");
    }
    if (!is(function.getInputType(), EndpointRequest.class) || !is(function.getOutputType(), EndpointResponse.class)) {
      throw new IllegalStateException("Function '" + definition + "' does not take an EndpointRequest to an "
          + "EndpointResponse, so it cannot serve HTTP requests");
    }
    return request -> (EndpointResponse) function.apply(request);
  }

  private static boolean is(Type type, Class<?> expected) {
    return type != null && FunctionTypeUtils.getRawType(type) == expected;
  }
}
