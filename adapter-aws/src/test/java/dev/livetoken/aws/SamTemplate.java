package dev.livetoken.aws;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The module's template.yaml, read the way the tests need it: the token function's properties. */
final class SamTemplate {

  static final Path FILE = Path.of("template.yaml");

  private final Map<String, Object> parameters;
  private final Map<String, Object> resources;
  private final Map<String, Object> function;

  private SamTemplate(Map<String, Object> parameters, Map<String, Object> resources) {
    this.parameters = parameters;
    this.resources = resources;
    this.function = map(map(resources.get("TokenFunction")).get("Properties"));
  }

  static SamTemplate load() {
    try (Reader reader = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
      Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(reader);
      return new SamTemplate(map(template.get("Parameters")), map(template.get("Resources")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }

  Map<String, Object> parameter(String name) {
    return map(parameters.get(name));
  }

  Map<String, Object> resource(String name) {
    return map(resources.get(name));
  }

  /** A property of the token function. */
  Object property(String name) {
    return function.get(name);
  }

  /** The handler a deploy gets by default: the Handler property, or the default of the parameter it names. */
  String handler() {
    String handler = (String) function.get("Handler");
    return parameters.containsKey(handler) ? (String) parameter(handler).get("Default") : handler;
  }

  /** Every handler a deploy can select: the parameter's allowed values, or the one handler. */
  @SuppressWarnings("unchecked")
  List<String> handlers() {
    String handler = (String) function.get("Handler");
    return parameters.containsKey(handler) ? (List<String>) parameter(handler).get("AllowedValues") : List.of(handler);
  }

  /** The default handler's class name, before {@code ::}. */
  String handlerClass() {
    return handler().split("::", 2)[0];
  }

  String handlerMethod() {
    return handler().split("::", 2)[1];
  }

  String codeUri() {
    return (String) function.get("CodeUri");
  }

  /** The environment variable as written; intrinsic functions (!Ref, !Sub) come back as their argument. */
  Object environment(String name) {
    return map(map(function.get("Environment")).get("Variables")).get(name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  /** Reads CloudFormation's short-form intrinsics (!Ref, !Sub, !GetAtt) as their plain argument. */
  private static final class CloudFormationConstructor extends SafeConstructor {

    CloudFormationConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(null, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          if (node instanceof ScalarNode scalar) {
            return constructScalar(scalar);
          }
          if (node instanceof SequenceNode sequence) {
            return constructSequence(sequence);
          }
          return constructMapping((MappingNode) node);
        }
      });
    }
  }
}
