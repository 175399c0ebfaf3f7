package dev.livetoken.gcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code gcloud functions deploy} command as README documents it, so that tests run exactly the entry
 * point and source directory a reader will deploy.
 *
 * @param words the command, split into words, with line continuations joined
 */
record DocumentedDeployCommand(List<String> words) {

  /** Every {@code gcloud functions deploy} command in README, in order. */
  static List<DocumentedDeployCommand> allInReadme(Path repositoryRoot) throws IOException {
    return parseAll(Files.readString(repositoryRoot.resolve("README.md")), "gcloud functions deploy");
  }

  /** README's command that deploys {@code entryPoint}. */
  static DocumentedDeployCommand fromReadme(Path repositoryRoot, Class<?> entryPoint) throws IOException {
    return allInReadme(repositoryRoot).stream().filter(command -> command.entryPoint().equals(entryPoint.getName()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("README deploys no --entry-point " + entryPoint.getName()));
  }

  /** Every command in {@code text} that starts with {@code prefix}, continuation lines joined. */
  static List<DocumentedDeployCommand> parseAll(String text, String prefix) {
    String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    List<DocumentedDeployCommand> commands = new ArrayList<>();
    for (String line : joined.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith(prefix)) {
        commands.add(new DocumentedDeployCommand(Arrays.asList(trimmed.split("\\s+"))));
      }
    }
    return commands;
  }

  String entryPoint() {
    return flag("--entry-point").orElseThrow(() -> new IllegalStateException("no --entry-point in " + words));
  }

  String source() {
    return flag("--source").orElseThrow(() -> new IllegalStateException("no --source in " + words));
  }

  /** One variable of {@code --set-env-vars NAME=VALUE,...}, if the command sets it. */
  Optional<String> environmentVariable(String name) {
    return flag("--set-env-vars").stream().flatMap(list -> Arrays.stream(list.split(",")))
        .filter(pair -> pair.startsWith(name + "=")).map(pair -> pair.substring(name.length() + 1)).findFirst();
  }

  /** The value of {@code --name value} or {@code --name=value}. */
  Optional<String> flag(String name) {
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals(name) && i + 1 < words.size()) {
        return Optional.of(words.get(i + 1));
      }
      if (word.startsWith(name + "=")) {
        return Optional.of(word.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }
}
