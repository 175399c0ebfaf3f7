package dev.livetoken.gcp;

import dev.livetoken.core.TokenConfiguration;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The Spring door's context: the core's wiring, with Spring Cloud Function's invoker pointed at the same function. */
public final class SpringGcpConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  @Override
  public void initialize(GenericApplicationContext context) {
    // The invoker refuses to start unless function.name names a function; first, so that a FUNCTION_NAME
    // variable (set by some Cloud Functions runtimes) cannot redirect it.
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("gcp-door",
        Map.of("function.name", TokenConfiguration.definition(context.getEnvironment()))));
    new TokenConfiguration().initialize(context);
  }
}
