package org.ijcampaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The test run's temporary folders, deleted when its JVM exits. Each suite run used to leave
 * about 90 folders of warehouses and landing zones under /tmp, and they piled up run after run.
 * They are kept until the exit rather than deleted after each class, because a zone generated
 * once (SharedZone) serves every class of the run.
 */
public final class TestDirs {
  /**
   * Hadoop runs its shutdown hooks from the highest priority down: Spark's context stops at 40
   * (the file systems' 10 + 30), the file systems close at 10. At 1 the folders go last, once no
   * Spark task or Delta commit can still write into them.
   */
  private static final int AFTER_SPARK_AND_FILE_SYSTEMS = 1;
  private static final Queue<Path> CREATED = new ConcurrentLinkedQueue<>();

  static {
    ShutdownHookManager.get().addShutdownHook(TestDirs::deleteAll, AFTER_SPARK_AND_FILE_SYSTEMS);
  }

  private TestDirs() {}

  /** A new folder under the system's temporary folder, deleted at the JVM's exit. */
  public static Path create(String prefix) {
    try {
      return kept(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new folder under {@code parent}, deleted at the JVM's exit. */
  public static Path create(Path parent, String prefix) {
    try {
      return kept(Files.createTempDirectory(parent, prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path kept(Path dir) {
    CREATED.add(dir);
    return dir;
  }

  static void deleteAll() {
    for (Path dir : CREATED) {
      deleteTree(dir);
    }
  }

  /** Deletes what it can: a file a test left read-only, say, must not stop the rest. */
  public static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Already gone, or unreadable: nothing more to do at exit.
    }
  }
}
