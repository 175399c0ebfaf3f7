package dev.livetoken.core;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The Spring wiring, registered functionally (nothing scanned): settings from the context's environment
 * (system properties, then environment variables), the {@code token} function and the endpoint that serves
 * it. Spring Cloud Function's launchers take this class as {@code MAIN_CLASS}.
 */
public class TokenConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  @Override
  public void initialize(GenericApplicationContext context) {
    context.registerBean(Settings.class, () -> Settings.from(context.getEnvironment()::getProperty));
    context.registerBean("token", TokenFunction.class,
        () -> TokenFunction.create(context.getBean(Settings.class)));
    context.registerBean(TokenEndpoint.class,
        () -> new TokenEndpoint(context.getBean(Settings.class), context.getBean(TokenFunction.class)));
  }
}
