package dev.livetoken.aws;

import dev.livetoken.core.TokenConfiguration;
import dev.livetoken.core.TokenEndpoint;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The Lambda function's Spring wiring ({@code MAIN_CLASS}): the core's beans plus {@link LambdaProxyFunction},
 * registered functionally so that the context starts without scanning or auto-configuration.
 */
public class AwsTokenConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  @Override
  public void initialize(GenericApplicationContext context) {
    new TokenConfiguration().initialize(context);
    context.registerBean(LambdaProxyFunction.NAME, LambdaProxyFunction.class,
        () -> new LambdaProxyFunction(context.getBean(TokenEndpoint.class)));
    // Under functional registration the function catalog finds only FunctionRegistration beans.
    context.registerBean("registration_" + LambdaProxyFunction.NAME, FunctionRegistration.class,
        () -> new FunctionRegistration<>(context.getBean(LambdaProxyFunction.class), LambdaProxyFunction.NAME)
            .type(LambdaProxyFunction.class));
  }
}
