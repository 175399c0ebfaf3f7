package dev.livetoken.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP relay on a free loopback port that holds every byte on its way to the target for a fixed delay (each
 * round trip through it takes at least that long), as a Redis that far away would.
 */
public final class DelayingProxy implements AutoCloseable {

  private record Chunk(long dueNanos, byte[] bytes) {}

  private final ServerSocket server;
  private final int targetPort;
  private final long delayNanos;

  public DelayingProxy(int targetPort, long delayMillis) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delayNanos = delayMillis * 1_000_000;
    Thread.ofVirtual().start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> read(client, target, queue));
        Thread.ofVirtual().start(() -> deliver(queue, target, client));
        Thread.ofVirtual().start(() -> copy(target, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void read(Socket from, Socket to, BlockingQueue<Chunk> queue) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
      }
    } catch (IOException e) {
      // the client went away
    }
    queue.add(new Chunk(0, null));
  }

  private static void deliver(BlockingQueue<Chunk> queue, Socket to, Socket from) {
    try (OutputStream out = to.getOutputStream()) {
      for (Chunk chunk; (chunk = queue.take()).bytes() != null; ) {
        long wait = chunk.dueNanos() - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the target went away
    }
    close(from);
    close(to);
  }

  private static void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // either side went away
    }
    close(from);
    close(to);
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
