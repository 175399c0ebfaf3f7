package dev.livetoken.contract;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends calls over real HTTP to an endpoint listening on loopback. */
public class HttpTarget implements ContractTarget {

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;

  public HttpTarget(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public Reply send(Call call) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
        .timeout(Duration.ofSeconds(30))
        // An empty POST still says Content-Length: 0, as browsers send it (Jetty wants one on a POST).
        .method(call.method(), call.chunked()
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(call.body()))
            : call.body().length == 0 && !call.method().equals("POST")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach(request::header);
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    return new Reply(response.statusCode(), headers, response.body());
  }

  /** Polls until something answers on the base URL, or gives up after {@code patience}. */
  public static void awaitListening(String baseUrl, Duration patience) throws InterruptedException {
    HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        probe.send(HttpRequest.newBuilder(URI.create(baseUrl + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("nothing listening on " + baseUrl + " after " + patience);
        }
        Thread.sleep(50);
      }
    }
  }
}
