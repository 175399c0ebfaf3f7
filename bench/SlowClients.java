import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow-client attack of issue 11: N connections that send a request's headers (half of them) or headers and
 * the start of a body (the other half), then one byte per connection every second, reopening any the server
 * closes; meanwhile one ordinary {@code POST /api/token} with body {} every 250 ms, each timed.
 *
 * <p>Usage: {@code java bench/SlowClients.java PORT [CONNECTIONS [SECONDS]]} (defaults 200, 30). Prints one line
 * per ordinary POST ("post STATUS MS"), then a summary line:
 * {@code posts N ok N max_ms X p50_ms X slow_open N reopened N}. A POST that gets no answer within 15 s counts
 * as status 0.
 */
public final class SlowClients {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 30;
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slow.add(open(port, i));
    }
    int[] reopened = {0};
    Thread trickler = Thread.ofPlatform().daemon().start(() -> {
      while (true) {
        for (int i = 0; i < slow.size(); i++) {
          try {
            slow.get(i).getOutputStream().write(i % 2 == 0 ? 'a' : ' ');
          } catch (IOException closed) {
            try {
              slow.get(i).close();
              slow.set(i, open(port, i));
              reopened[0]++;
            } catch (IOException e) {
              // counted as not open below
            }
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/token"))
        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    List<Double> times = new ArrayList<>();
    int ok = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Thread.sleep(1000); // every slow connection has been accepted and started
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      int status;
      try {
        status = client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = 0;
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      times.add(ms);
      ok += status == 200 ? 1 : 0;
      System.out.printf("post %d %.1f%n", status, ms);
      Thread.sleep(250);
    }
    trickler.interrupt();
    long open = slow.stream().filter(s -> !s.isClosed()).count();
    List<Double> sorted = times.stream().sorted().toList();
    System.out.printf("posts %d ok %d max_ms %.1f p50_ms %.1f slow_open %d reopened %d%n", times.size(), ok,
        sorted.getLast(), sorted.get(sorted.size() / 2), open, reopened[0]);
  }

  private static Socket open(int port, int i) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    String start = i % 2 == 0
        ? "POST /api/token HTTP/1.1\r\nHost: x\r\nX-Slow: "
        : "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
    OutputStream out = socket.getOutputStream();
    out.write(start.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }
}
