package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.Reply;
import dev.livetoken.contract.TokenContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract over real HTTP, through the local server's sockets. */
class LocalServerContractTest extends TokenContract {

  @Override
  protected ContractTarget start(Map<String, String> environment) throws Exception {
    Map<String, String> settings = new HashMap<>(environment);
    settings.put("PORT", "0");
    LocalServer server = LocalServer.start(settings);
    HttpTarget http = new HttpTarget("http://127.0.0.1:" + server.port());
    return new ContractTarget() {
      @Override
      public Reply send(Call call) throws Exception {
        return http.send(call);
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  @Test
  void healthCheckAnswers200() throws Exception {
    Reply reply = send(Call.of("GET", "/healthz"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void refusedLargeBodiesAreAnsweredNotReset() throws Exception {
    byte[] large = utf8("{\"pageContent\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");
    for (int i = 0; i < 20; i++) {
      Reply tooLarge = send(new Call("POST", "/api/token", Map.of("Content-Type", "application/json"), large));
      Reply wrongOrigin = send(allowlist(), new Call("POST", "/api/token", Map.of("Origin", "https://evil.example"), large));

      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(wrongOrigin.status()).isEqualTo(403);
    }
  }

  @Test
  void aForgedForwardedForBuysNoFreshBucket() throws Exception {
    Map<String, String> limited = with("RATE_LIMIT_PER_MINUTE", "1");

    assertThat(send(limited, Call.post("{}")).status()).isEqualTo(200);
    assertThat(send(limited, Call.post("{}").header("X-Forwarded-For", "198.51.100.1")).status()).isEqualTo(429);
    assertThat(send(limited, Call.post("{}").header("X-Forwarded-For", "198.51.100.2, 127.0.0.1")).status())
        .isEqualTo(429);
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBucket() throws Exception {
    Map<String, String> proxied = new HashMap<>(with("RATE_LIMIT_PER_MINUTE", "1"));
    proxied.put("TRUSTED_PROXIES", "127.0.0.1, ::1");

    assertThat(send(proxied, Call.post("{}").header("X-Forwarded-For", "198.51.100.1")).status()).isEqualTo(200);
    assertThat(send(proxied, Call.post("{}").header("X-Forwarded-For", "198.51.100.2")).status()).isEqualTo(200);
    assertThat(send(proxied, Call.post("{}").header("X-Forwarded-For", "203.0.113.5, 198.51.100.1")).status())
        .isEqualTo(429);
  }

  @Test
  void aKeepAliveConnectionStaysUsableAfterRefusals() throws Exception {
    Map<String, String> settings = new HashMap<>(standardEnvironment());
    settings.put("PORT", "0");
    try (LocalServer server = LocalServer.start(settings);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000); // a missing answer fails the test instead of hanging it
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String[] requests = {
          "GET /api/token HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{x}",
          "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      };
      int[] expected = {405, 400, 404, 200};
      for (int i = 0; i < requests.length; i++) {
        out.write(requests[i].getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(readStatus(in)).as("answer %d on the same connection", i + 1).isEqualTo(expected[i]);
      }
    }
  }

  /** Reads one response's status line and skips its headers and body. */
  private static int readStatus(BufferedReader in) throws Exception {
    String status = in.readLine();
    int length = 0;
    for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.skip(length);
    return Integer.parseInt(status.split(" ")[1]);
  }
}
