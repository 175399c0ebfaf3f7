package dev.livetoken.gcp;

import dev.livetoken.core.TokenConfiguration;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The core's wiring, with Spring Cloud Function's invoker pointed at the core's HTTP contract. */
public final class GcpConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  @Override
  public void initialize(GenericApplicationContext context) {
    // Spring Cloud Function's invoker refuses to start unless function.name names a function; first, so that
    // a FUNCTION_NAME variable (set by some Cloud Functions runtimes) cannot redirect it.
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("gcp-adapter",
        Map.of("function.name", TokenConfiguration.ENDPOINT_FUNCTION)));
    new TokenConfiguration().initialize(context);
  }
}
