package dev.livetoken.gcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  static DocumentedDeployCommand fromReadme(Path repositoryRoot) throws IOException {
    return parse(Files.readString(repositoryRoot.resolve("README.md")), "gcloud functions deploy");
  }

  /** The first command in {@code text} that starts with {@code prefix}, continuation lines joined. */
  static DocumentedDeployCommand parse(String text, String prefix) {
    String joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    for (String line : joined.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith(prefix)) {
        return new DocumentedDeployCommand(Arrays.asList(trimmed.split("\\s+")));
      }
    }
    throw new IllegalStateException("no line starting with '" + prefix + "'");
  }

  String entryPoint() {
    return flag("--entry-point").orElseThrow(() -> new IllegalStateException("no --entry-point in " + words));
  }

  String source() {
    return flag("--source").orElseThrow(() -> new IllegalStateException("no --source in " + words));
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
