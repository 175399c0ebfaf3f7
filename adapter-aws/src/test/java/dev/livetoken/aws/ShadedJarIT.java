package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The deployable jar: where template.yaml says, small enough, and only what the function uses. */
class ShadedJarIT {

  // 30 MiB until caller proofs brought nimbus-jose-jwt (1.4 MB of classes, 0.6 MB packed).
  private static final long MAX_BYTES = 32L * 1024 * 1024;

  @Test
  void theJarIsWhereTheTemplatesCodeUriPointsAndAtMost32Mb() throws IOException {
    assertThat(ShadedJar.path()).exists();
    assertThat(SamTemplate.FILE.toAbsolutePath().getParent().resolve(SamTemplate.load().codeUri()).normalize())
        .isEqualTo(ShadedJar.path().toAbsolutePath().normalize());
    assertThat(Files.size(ShadedJar.path())).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void noServletReactiveOrNettyServerIsPackaged() throws IOException {
    // Netty's client transport is packaged (Lettuce, for REDIS_URL); its HTTP codecs and servers are not.
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      List<String> unwanted = jar.stream().map(ZipEntry::getName)
          .filter(name -> name.startsWith("org/springframework/web/servlet/")
              || name.startsWith("org/springframework/web/reactive/")
              || name.startsWith("org/apache/catalina/") || name.startsWith("org/apache/tomcat/")
              || name.startsWith("io/netty/handler/codec/http/") || name.startsWith("reactor/netty/")
              || name.startsWith("jakarta/servlet/") || name.startsWith("org/eclipse/jetty/")
              || name.startsWith("com/github/tomakehurst/") || name.startsWith("org/junit/"))
          .limit(5)
          .toList();

      assertThat(unwanted).isEmpty();
    }
  }

  @Test
  void bothHandlersAreCarriedWithSpringsMergedMetadataAndTheQuietLoggingConfiguration() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      assertThat(jar.getEntry("dev/livetoken/aws/TokenHandler.class")).isNotNull();
      assertThat(jar.getEntry("dev/livetoken/aws/SpringTokenHandler.class")).isNotNull();
      assertThat(jar.getEntry("dev/livetoken/core/TokenEndpoint.class")).isNotNull();
      assertThat(text(jar, "META-INF/spring.factories"))
          .contains("org.springframework.cloud.function.adapter.aws.CustomRuntimeInitializer")
          .contains("org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor");
      // Spring Cloud Function's AWS adapter logs events at INFO and the environment (the key) at DEBUG.
      assertThat(text(jar, "logback.xml"))
          .contains("<logger name=\"org.springframework.cloud.function.adapter.aws\" level=\"WARN\"/>");
    }
  }

  private static String text(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
