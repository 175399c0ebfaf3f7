package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * template.yaml deploys what the tests run: the contract tests construct the handler its Handler names; this
 * checks the rest of what SAM and Lambda will read from it.
 */
class TemplateTest {

  private final SamTemplate template = SamTemplate.load();

  @Test
  void aParameterSelectsEitherDoorTheLeanOneByDefault() {
    assertThat(template.property("Handler")).isEqualTo("Handler");
    assertThat(template.handlers()).containsExactly(
        "dev.livetoken.aws.TokenHandler::handleRequest", "dev.livetoken.aws.SpringTokenHandler::handleRequest");
    assertThat(template.handler()).isEqualTo("dev.livetoken.aws.TokenHandler::handleRequest");
    assertThat(template.parameter("Handler").get("Type")).isEqualTo("String");
  }

  @Test
  void eachHandlerIsAStreamHandlerMethodWithANoArgumentConstructor() throws Exception {
    for (String value : template.handlers()) {
      String[] parts = value.split("::", 2);
      Class<?> handler = Class.forName(parts[0]);

      assertThat(RequestStreamHandler.class).isAssignableFrom(handler);
      assertThat(parts[1]).isEqualTo("handleRequest");
      assertThat(handler.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class)
          .getDeclaringClass()).isEqualTo(handler);
      assertThat(Modifier.isPublic(handler.getModifiers())).as("public").isTrue();
      assertThatCode(handler::getConstructor).as("a public no-argument constructor").doesNotThrowAnyException();
    }
  }

  @Test
  void codeUriIsTheJarTheBuildProduces() {
    Path built = Path.of(System.getProperty("aws.jar"));
    Path codeUri = SamTemplate.FILE.toAbsolutePath().getParent().resolve(template.codeUri());

    assertThat(codeUri.normalize()).isEqualTo(built.toAbsolutePath().normalize());
  }

  @Test
  void theKeyComesFromSecretsManagerAndTheOriginsFromAParameter() {
    assertThat(template.environment("GEMINI_API_KEY").toString())
        .startsWith("{{resolve:secretsmanager:").endsWith("}}");
    assertThat(template.environment("ALLOWED_ORIGINS")).isEqualTo("AllowedOrigins");
    assertThat(template.environment("SITES")).isEqualTo("Sites");
  }

  @Test
  void anOptionalRedisUrlAndTheGlobalLimitAreParameters() {
    assertThat(template.environment("REDIS_URL")).isEqualTo("RedisUrl");
    assertThat(template.parameter("RedisUrl")).containsEntry("Default", "").containsEntry("NoEcho", true);
    assertThat(template.environment("GLOBAL_RATE_LIMIT_PER_MINUTE")).isEqualTo("GlobalRateLimitPerMinute");
    assertThat(template.parameter("GlobalRateLimitPerMinute").get("Default").toString()).isEqualTo("0");
  }

  @Test
  void theRuntimeIsTheBuildsJavaAndSnapStartAppliesToTheAliasReadmeNames() throws Exception {
    Path root = SamTemplate.FILE.toAbsolutePath().getParent().getParent();
    String release = Files.readString(root.resolve("pom.xml"))
        .replaceAll("(?s).*<maven.compiler.release>([^<]+)</maven.compiler.release>.*", "$1");
    String readme = Files.readString(root.resolve("README.md"));

    assertThat(release).isEqualTo("25");
    assertThat(template.property("Runtime")).isEqualTo("java" + release);
    assertThat(readme).contains("Java " + release + " runtime `java" + release + "`");
    assertThat(SamTemplate.map(template.property("SnapStart")).get("ApplyOn")).isEqualTo("PublishedVersions");
    assertThat(template.property("AutoPublishAlias")).isEqualTo("live");
    assertThat(readme).contains("SnapStart on the published alias `live`");
  }

  @Test
  void theFunctionAnswersCorsItselfSoNoFrontEndDoes() {
    Map<String, Object> url = SamTemplate.map(template.property("FunctionUrlConfig"));

    assertThat(url.get("AuthType")).isEqualTo("NONE");
    assertThat(url).doesNotContainKey("Cors");
    assertThat(SamTemplate.map(template.resource("TokenApi").get("Properties"))).doesNotContainKey("CorsConfiguration");
  }

  @Test
  void theHttpApiRoutesPostAndPreflightToTheFunctionAndIsThrottled() {
    List<String> routes = SamTemplate.map(template.property("Events")).values().stream()
        .map(SamTemplate::map)
        .filter(event -> "HttpApi".equals(event.get("Type")))
        .map(event -> SamTemplate.map(event.get("Properties")))
        .map(properties -> properties.get("Method") + " " + properties.get("Path"))
        .toList();
    Map<String, Object> throttling = SamTemplate.map(
        SamTemplate.map(template.resource("TokenApi").get("Properties")).get("DefaultRouteSettings"));

    assertThat(routes).containsExactlyInAnyOrder("POST /api/token", "OPTIONS /api/token",
        "POST /api/sessions/end", "OPTIONS /api/sessions/end");
    assertThat(throttling).containsKeys("ThrottlingBurstLimit", "ThrottlingRateLimit");
  }
}
