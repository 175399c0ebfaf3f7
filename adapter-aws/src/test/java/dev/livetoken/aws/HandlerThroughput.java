package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process throughput of the Lambda handler, for bench/aws.sh: there is no HTTP server in Lambda, so this
 * measures what the handler itself sustains. Like the Lambda runtime (and {@link StdioRuntime}) it builds ONE
 * handler instance from the class named by the first argument, settings from real environment variables,
 * then:
 *
 * <ol>
 *   <li>1,000 invocations with the event file, one at a time, then this JVM's own VmRSS
 *       ({@code RSS_AFTER_1000_MB});
 *   <li>WARMUP seconds of invocations from THREADS threads, unrecorded;
 *   <li>RUNS runs of DURATION seconds from THREADS threads, each printing
 *       {@code RUN i invocations/s p50_ms p99_ms non200} (latency of each handleRequest call).
 * </ol>
 *
 * <p>Usage: {@code HandlerThroughput HANDLER_CLASS EVENT_FILE [THREADS=16] [DURATION_S=10] [WARMUP_S=5] [RUNS=5]}.
 * Lambda runs one invocation at a time per execution environment: several threads here measure the per-CPU
 * capacity of the code on this machine, not what one Lambda instance serves.
 */
public final class HandlerThroughput {

  private static final byte[] OK = "{\"statusCode\":200".getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: HandlerThroughput HANDLER_CLASS EVENT_FILE [THREADS] [DURATION_S] [WARMUP_S] [RUNS]");
      System.exit(2);
    }
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int duration = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();

    long bad = 0;
    for (int i = 0; i < 1000; i++) {
      bad += invoke(handler, event) ? 0 : 1;
    }
    System.out.printf("RSS_AFTER_1000_MB %.1f NON200 %d%n", rssMb(), bad);

    measure(handler, event, threads, warmup);
    for (int run = 1; run <= runs; run++) {
      Result r = measure(handler, event, threads, duration);
      System.out.printf("RUN %d %.0f %.2f %.2f %d%n", run, r.perSecond, r.p50Ms, r.p99Ms, r.bad);
    }
    System.out.printf("RSS_END_MB %.1f%n", rssMb());
    System.exit(0);
  }

  private record Result(double perSecond, double p50Ms, double p99Ms, long bad) {}

  private static Result measure(RequestStreamHandler handler, byte[] event, int threads, int seconds)
      throws InterruptedException {
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[threads];
    AtomicLong bad = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    long[] deadline = new long[1];
    for (int t = 0; t < threads; t++) {
      int index = t;
      latencies.add(new long[1 << 16]);
      Thread worker = new Thread(() -> {
        long[] mine = latencies.get(index);
        int n = 0;
        try {
          start.await();
          while (true) {
            long t0 = System.nanoTime();
            if (t0 >= deadline[0]) {
              break;
            }
            boolean ok = invoke(handler, event);
            long t1 = System.nanoTime();
            if (!ok) {
              bad.incrementAndGet();
            }
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
              latencies.set(index, mine);
            }
            mine[n++] = t1 - t0;
          }
        } catch (Exception e) {
          bad.incrementAndGet();
          e.printStackTrace();
        } finally {
          counts[index] = n;
          done.countDown();
        }
      }, "invoker-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    long began = System.nanoTime();
    deadline[0] = began + seconds * 1_000_000_000L;
    start.countDown();
    done.await();
    long elapsed = System.nanoTime() - began;

    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    return new Result(total * 1e9 / elapsed, percentile(all, 0.50), percentile(all, 0.99), bad.get());
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static boolean invoke(RequestStreamHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    handler.handleRequest(new ByteArrayInputStream(event), out, new FakeLambdaContext());
    byte[] response = out.toByteArray();
    return response.length >= OK.length && Arrays.equals(response, 0, OK.length, OK, 0, OK.length);
  }

  private static double rssMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
