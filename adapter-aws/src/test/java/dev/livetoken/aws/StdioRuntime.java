package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for the Lambda Java runtime in a fresh JVM, settings from real environment variables: constructs
 * the handler class named by the first argument, then answers one event per stdin line with one
 * {@code RESPONSE <proxy response JSON>} line. Whatever else the function prints (its logs) passes through.
 * With {@code --once EVENT_FILE} it answers that one event and also prints the milliseconds from process start
 * (as the JVM records it) to the first {@code handleRequest} return: the cold-start benchmark.
 */
public final class StdioRuntime {

  public static void main(String[] args) throws Exception {
    // Replies go to the real stdout; the function's own System.out lines are interleaved but never prefixed.
    PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    if (args.length == 3 && args[1].equals("--once")) {
      byte[] response = invoke(handler, Files.readAllBytes(Path.of(args[2])));
      long returned = System.currentTimeMillis();
      // The JVM's own record of its start (the process start time under gVisor is not reliable).
      long started = ManagementFactory.getRuntimeMXBean().getStartTime();
      replies.println("RESPONSE " + new String(response, StandardCharsets.UTF_8));
      replies.println("FIRST_RESPONSE_MS " + (returned - started));
      return;
    }
    BufferedReader events = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    replies.println("READY");
    for (String event = events.readLine(); event != null; event = events.readLine()) {
      replies.println("RESPONSE " + new String(invoke(handler, event.getBytes(StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8));
    }
  }

  private static byte[] invoke(RequestStreamHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new FakeLambdaContext());
    return out.toByteArray();
  }
}
