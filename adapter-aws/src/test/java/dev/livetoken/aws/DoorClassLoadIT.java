package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each documented handler loads when Lambda runs it from the packaged jar: the lean one no Spring context at
 * all (its cold start depends on it), the Spring Cloud Function one Spring's catalog and Boot's application.
 */
class DoorClassLoadIT {

  static Iterable<LambdaDoor> doors() {
    return LambdaDoor.documented();
  }

  @ParameterizedTest
  @MethodSource("doors")
  void onlyTheSpringDoorStartsSpring(LambdaDoor door) throws Exception {
    String options = SamTemplate.load().environment("JAVA_TOOL_OPTIONS") + " -Xlog:class+load=info";
    try (FunctionProcess process = FunctionProcess.asDeployed(door, Map.of("JAVA_TOOL_OPTIONS", options))) {
      EventShape shape = EventShape.HTTP_API;
      assertThat(shape.reply(process.invoke(shape.event(Call.of("GET", "/healthz")))).status()).isEqualTo(200);
      String loaded = process.output();

      assertThat(loaded).as("the class-load log is captured").contains(" dev.livetoken.core.TokenEndpoint ");
      boolean spring = door.handler().startsWith(SpringTokenHandler.class.getName() + "::");
      assertThat(loaded.contains(" org.springframework.cloud.function.context.FunctionCatalog ")).isEqualTo(spring);
      assertThat(loaded.contains(" org.springframework.boot.SpringApplication ")).isEqualTo(spring);
      assertThat(loaded.contains(" org.springframework.context.support.GenericApplicationContext ")).isEqualTo(spring);
    }
  }
}
