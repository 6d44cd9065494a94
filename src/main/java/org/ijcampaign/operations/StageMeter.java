package org.ijcampaign.operations;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall time and peak memory of a benchmark's stages, in-process: the JVM's heap pools' peak
 * usage is reset before each stage and read after it (in local mode the driver and executors
 * share that heap), and the process's peak resident set (VmHWM) is read at the end. The scratch
 * disk a stage uses (the warehouse's {@code _scratch}, Spark's shuffle and spill files) is the
 * peak total size of the watched folders, sampled every second and at the stage's end.
 */
public final class StageMeter {
  private static final Logger LOG = LoggerFactory.getLogger(StageMeter.class);
  /** One stage: seconds, peak heap and scratch disk in bytes, a free note (rows, sizes). */
  public record Measure(String stage, double seconds, long peakHeapBytes, long peakDiskBytes,
      String note) {}

  private final List<Measure> measures = new ArrayList<>();
  private final java.util.function.Supplier<List<Path>> watched;

  /** A meter of time and heap only. */
  public StageMeter() {
    this(List::of);
  }

  /**
   * A meter that also follows the disk used under {@code watched} (asked again at each sample:
   * Spark creates its local folders lazily).
   */
  public StageMeter(java.util.function.Supplier<List<Path>> watched) {
    this.watched = watched;
  }

  public List<Measure> measures() {
    return List.copyOf(measures);
  }

  public <T> T measure(String stage, java.util.function.Supplier<T> body,
      java.util.function.Function<T, String> note) {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    // Each stage its own peak: a sample still walking the folders when its stage ends (a walk
    // cannot be interrupted) must not land in the next stage's figure.
    java.util.concurrent.atomic.AtomicLong diskPeak = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "stage-disk-sampler");
          t.setDaemon(true);
          return t;
        });
    sampler.scheduleWithFixedDelay(() -> sampleDisk(diskPeak), 0, 1,
        java.util.concurrent.TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    T result;
    try {
      result = body.get();
      sampleDisk(diskPeak);
    } finally {
      sampler.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    Measure m = new Measure(stage, seconds, peak, diskPeak.get(), note.apply(result));
    measures.add(m);
    LOG.info(String.format("[benchmark] %-22s %9.1f s  peak heap %7.2f GiB  scratch disk %7.2f "
        + "GiB  %s", stage, seconds, peak / 1073741824.0, m.peakDiskBytes() / 1073741824.0,
        m.note()));
    return result;
  }

  /** Bytes of the regular files under {@code dirs} now (files vanishing meanwhile skipped). */
  public static long bytesUnder(List<Path> dirs) {
    long total = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var files = Files.walk(dir)) {
        total += files.mapToLong(p -> p.toFile().isFile() ? p.toFile().length() : 0).sum();
      } catch (IOException | java.io.UncheckedIOException e) {
        // A folder deleted while walked: its files are gone, the next sample sees the rest.
      }
    }
    return total;
  }

  private void sampleDisk(java.util.concurrent.atomic.AtomicLong peak) {
    long now = bytesUnder(watched.get());
    peak.accumulateAndGet(now, Math::max);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
  }

  /** Peak resident set size of this process in bytes (Linux), or -1 where unknown. */
  public static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** A Markdown table of the stages, for the README. */
  public String table(String title) {
    StringBuilder b = new StringBuilder("| " + title + " | wall time (s) | peak heap (GiB) | "
        + "peak scratch disk (GiB) | notes |\n|---|---:|---:|---:|---|\n");
    for (Measure m : measures) {
      b.append(String.format("| %s | %.1f | %.2f | %.2f | %s |%n", m.stage(), m.seconds(),
          m.peakHeapBytes() / 1073741824.0, m.peakDiskBytes() / 1073741824.0, m.note()));
    }
    return b.toString();
  }
}
