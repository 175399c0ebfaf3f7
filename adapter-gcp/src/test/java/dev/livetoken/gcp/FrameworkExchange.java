package dev.livetoken.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.Reply;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One call through an {@link HttpFunction} in this JVM, with the request and response the Functions Framework
 * hands a function: the path without its query string, headers by case-insensitive name. What the function writes
 * is kept as it was written, so that a test can see a status never set or a stream never closed.
 */
final class FrameworkExchange {

  private FrameworkExchange() {}

  static Recorded serve(HttpFunction function, Call call) throws Exception {
    Request request = new Request(call);
    Response response = new Response();
    function.service(request, response);
    return response.recorded();
  }

  /** What the function did to the response: status (0 if never set), headers in order, body, and whether closed. */
  record Recorded(int status, List<Map.Entry<String, String>> headers, byte[] body, boolean closed) {

    /** As the contract reads an answer: repeated headers joined, as an HTTP client shows them. */
    Reply reply() {
      Map<String, String> joined = new LinkedHashMap<>();
      headers.forEach(h -> joined.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b));
      return new Reply(status, joined, new String(body, StandardCharsets.UTF_8));
    }
  }

  private static final class Request implements HttpRequest {
    private final Call call;
    private final String path;
    private final Optional<String> query;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final InputStream body;

    Request(Call call) {
      this.call = call;
      int mark = call.path().indexOf('?');
      this.path = mark < 0 ? call.path() : call.path().substring(0, mark);
      this.query = mark < 0 ? Optional.empty() : Optional.of(call.path().substring(mark + 1));
      call.headers().forEach((name, value) -> headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
      headers.put("Host", List.of("127.0.0.1"));
      if (call.body().length > 0) {
        headers.put("Content-Length", List.of(Integer.toString(call.body().length)));
      }
      this.body = new ByteArrayInputStream(call.body());
    }

    @Override
    public String getMethod() {
      return call.method();
    }

    @Override
    public String getUri() {
      return "http://127.0.0.1" + call.path();
    }

    @Override
    public String getPath() {
      return path;
    }

    @Override
    public Optional<String> getQuery() {
      return query;
    }

    @Override
    public Map<String, List<String>> getQueryParameters() {
      throw new UnsupportedOperationException("the function has no query parameters to read");
    }

    @Override
    public Map<String, HttpPart> getParts() {
      throw new UnsupportedOperationException("the function reads no multipart body");
    }

    @Override
    public Optional<String> getContentType() {
      return getFirstHeader("Content-Type");
    }

    @Override
    public long getContentLength() {
      return call.body().length == 0 ? -1 : call.body().length;
    }

    @Override
    public Optional<String> getCharacterEncoding() {
      return Optional.empty();
    }

    @Override
    public InputStream getInputStream() {
      return body;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }
  }

  private static final class Response implements HttpResponse {
    private int status;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean closed;

    @Override
    public void setStatusCode(int code) {
      status = code;
    }

    @Override
    public void setStatusCode(int code, String message) {
      status = code;
    }

    @Override
    public void setContentType(String contentType) {
      appendHeader("Content-Type", contentType);
    }

    @Override
    public Optional<String> getContentType() {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue)
          .findFirst();
    }

    @Override
    public void appendHeader(String name, String value) {
      headers.add(Map.entry(name, value));
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      Map<String, List<String>> view = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach(h -> view.computeIfAbsent(h.getKey(), n -> new ArrayList<>()).add(h.getValue()));
      return view;
    }

    @Override
    public OutputStream getOutputStream() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          body.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          body.write(bytes, offset, length);
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }

    @Override
    public BufferedWriter getWriter() {
      return new BufferedWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
    }

    Recorded recorded() {
      return new Recorded(status, List.copyOf(headers), body.toByteArray(), closed);
    }
  }
}
