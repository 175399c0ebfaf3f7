import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * An OpenID issuer for bench/proof-load.sh, with the JDK only: one RSA key made at start, its discovery document
 * and JWKS served on 127.0.0.1:PORT, and one RS256 ID token (audience "bench", valid for a day) printed on stdout.
 *
 *   java bench/ProofIssuer.java PORT
 */
public class ProofIssuer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String issuer = "http://127.0.0.1:" + port;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bench-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
        + b64.encodeToString(unsigned(pub.getModulus().toByteArray())) + "\",\"e\":\""
        + b64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())) + "\"}]}";
    String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}";
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    serve(server, "/jwks", jwks);
    serve(server, "/.well-known/openid-configuration", discovery);
    server.start();

    long now = System.currentTimeMillis() / 1000;
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"bench-1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"aud\":\"bench\",\"sub\":\"bench-user\",\"iat\":"
        + now + ",\"exp\":" + (now + 86400) + "}").getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(keys.getPrivate());
    rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    System.out.println(header + "." + claims + "." + b64.encodeToString(rs256.sign()));
    System.out.flush();
  }

  private static byte[] unsigned(byte[] bytes) {
    return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static void serve(HttpServer server, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    server.createContext(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }
}
