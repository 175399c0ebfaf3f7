package dev.livetoken.aws.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The global context and the checkpoint itself. Registered resources are held strongly here (the
 * {@code org.crac} wrapper around each holds the real resource weakly, as on Lambda).
 */
public final class Core {

  private static final Global GLOBAL = new Global();

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  /** What the platform does at a snapshot: every resource's beforeCheckpoint, last registered first, then restore. */
  public static void checkpointRestore() throws CheckpointException, RestoreException {
    try {
      GLOBAL.beforeCheckpoint(null);
    } catch (Exception e) {
      CheckpointException failed = new CheckpointException();
      failed.addSuppressed(e);
      throw failed;
    }
    try {
      GLOBAL.afterRestore(null);
    } catch (Exception e) {
      RestoreException failed = new RestoreException();
      failed.addSuppressed(e);
      throw failed;
    }
  }

  /** How many resources were ever registered with the global context. */
  public static synchronized int registrations() {
    return GLOBAL.resources.size();
  }

  private static final class Global extends Context<Resource> {

    private final List<Resource> resources = new ArrayList<>();

    @Override
    public void register(Resource resource) {
      synchronized (Core.class) {
        resources.add(resource);
      }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
      for (Resource resource : snapshot().reversed()) {
        resource.beforeCheckpoint(this);
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws Exception {
      for (Resource resource : snapshot()) {
        resource.afterRestore(this);
      }
    }

    private List<Resource> snapshot() {
      synchronized (Core.class) {
        return List.copyOf(resources);
      }
    }
  }
}
