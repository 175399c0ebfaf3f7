package dev.livetoken.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.cloud.functions.HttpFunction;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README, the deploy script and the Dockerfile say what the build and the tests actually use. */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

  @Test
  void readmeDeploysBothDoorsFromTheBuiltDirectoryTheLeanOneFirst() throws Exception {
    List<DocumentedDeployCommand> commands = DocumentedDeployCommand.allInReadme(ROOT);

    assertThat(commands).extracting(DocumentedDeployCommand::entryPoint)
        .containsExactly(TokenHttpFunction.class.getName(), SpringTokenFunction.class.getName());
    assertThat(commands).extracting(DocumentedDeployCommand::source)
        .containsExactly("adapter-gcp/target/deploy", "adapter-gcp/target/deploy-spring");
    for (DocumentedDeployCommand command : commands) {
      assertThat(command.words()).contains("--gen2", "--trigger-http", "--allow-unauthenticated");
      assertThat(command.flag("--runtime")).hasValue("java25");
      assertThat(command.flag("--set-secrets")).hasValue("GEMINI_API_KEY=gemini-api-key:latest");
      assertThat(command.flag("--max-instances")).isPresent();
      assertThat(command.flag("--set-env-vars").orElseThrow()).contains("JAVA_TOOL_OPTIONS=");

      Class<?> entryPoint = Class.forName(command.entryPoint(), false, getClass().getClassLoader());
      assertThat(HttpFunction.class).isAssignableFrom(entryPoint);
      assertThat(Modifier.isPublic(entryPoint.getModifiers())).isTrue();
      // What the Functions Framework instantiates it with.
      assertThatCode(entryPoint::getConstructor).as("a public no-argument constructor").doesNotThrowAnyException();
    }
  }

  @Test
  void theDeployScriptDeploysEitherDoorAsReadmeDoes() throws Exception {
    List<DocumentedDeployCommand> readme = DocumentedDeployCommand.allInReadme(ROOT);
    String script = Files.readString(ROOT.resolve("scripts/deploy-gcp.sh"));

    assertThat(script)
        .contains("lean) ENTRY_POINT=" + readme.get(0).entryPoint() + " SOURCE=" + readme.get(0).source() + " ;;")
        .contains("spring) ENTRY_POINT=" + readme.get(1).entryPoint() + " SOURCE=" + readme.get(1).source() + " ;;")
        .contains("DOOR=\"${DOOR:-lean}\"");
    assertThat(script).contains("--entry-point \"$ENTRY_POINT\"").contains("--source \"$SOURCE\"")
        .contains("--gen2").contains("--max-instances");
  }

  @Test
  void theDockerfileRunsTheJarTheLocalBuildProducesAsReadmeDoes() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    String localJar = "adapter-local/target/" + finalName(ROOT.resolve("adapter-local/pom.xml")) + ".jar";
    String readme = Files.readString(ROOT.resolve("README.md"));

    assertThat(readme).contains("java -jar " + localJar);
    assertThat(dockerfile).contains("COPY --from=build /src/" + localJar + " ./\n")
        .contains("COPY --from=build /src/adapter-local/target/lib/ ./lib/\n");
    List<String> entryPoint = exec(dockerfile, "ENTRYPOINT");
    assertThat(entryPoint.get(0)).isEqualTo("java");
    assertThat(entryPoint.subList(entryPoint.size() - 2, entryPoint.size()))
        .containsExactly("-jar", Path.of(localJar).getFileName().toString());

    String runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    assertThat(runtimeStage).contains("25-jre").containsPattern("\nUSER (?!root\\b|0\\b)\\S+");
    assertThat(dockerfile).containsPattern("FROM maven:\\S*25\\S* AS build");
    assertThat(readme).contains("gcloud run deploy").contains("--source .");
  }

  private static String finalName(Path pom) throws IOException {
    Matcher matcher = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(pom));
    assertThat(matcher.find()).as("finalName in " + pom).isTrue();
    return matcher.group(1);
  }

  /** The exec-form arguments of an instruction: {@code ENTRYPOINT ["java", "-jar", "x.jar"]}. */
  private static List<String> exec(String dockerfile, String instruction) {
    Matcher matcher = Pattern.compile("(?m)^" + instruction + " \\[(.*)]$").matcher(dockerfile);
    assertThat(matcher.find()).as(instruction + " in exec form").isTrue();
    return Pattern.compile("\"([^\"]*)\"").matcher(matcher.group(1)).results().map(m -> m.group(1)).toList();
  }
}
