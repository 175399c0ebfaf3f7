package dev.livetoken.core.limit;

import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS for {@code rediss://} with {@code REDIS_CA_FILE}: its CA certificates trusted beside the JVM's own. */
final class RedisTls {

  private RedisTls() {}

  /** Empty when the JVM's trust store alone applies (no CA file). */
  static Optional<SslOptions> options(RedisAddress address) {
    return address.caFile().map(file -> SslOptions.builder().jdkSslProvider().trustManager(trust(file)).build());
  }

  static TrustManagerFactory trust(Path file) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (X509Certificate jvm : jvmAnchors()) {
        anchors.setCertificateEntry("jvm-" + i++, jvm);
      }
      Collection<? extends Certificate> listed;
      try (InputStream in = Files.newInputStream(file)) {
        listed = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (listed.isEmpty()) {
        throw new IllegalArgumentException("REDIS_CA_FILE holds no PEM certificate: " + file);
      }
      for (Certificate certificate : listed) {
        anchors.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return factory;
    } catch (IOException e) {
      throw new IllegalArgumentException("REDIS_CA_FILE could not be read: " + file);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("REDIS_CA_FILE is not a file of PEM certificates: " + file);
    }
  }

  private static X509Certificate[] jvmAnchors() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509.getAcceptedIssuers();
      }
    }
    return new X509Certificate[0];
  }
}
