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
 * share that heap), and the process's peak resident set (VmHWM) is read at the end.
 */
public final class StageMeter {
  private static final Logger LOG = LoggerFactory.getLogger(StageMeter.class);
  /** One stage: seconds, peak heap in bytes, a free note (rows, sizes). */
  public record Measure(String stage, double seconds, long peakHeapBytes, String note) {}

  private final List<Measure> measures = new ArrayList<>();

  public List<Measure> measures() {
    return List.copyOf(measures);
  }

  public <T> T measure(String stage, java.util.function.Supplier<T> body,
      java.util.function.Function<T, String> note) {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    long t0 = System.nanoTime();
    T result = body.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    measures.add(new Measure(stage, seconds, peak, note.apply(result)));
    LOG.info(String.format("[benchmark] %-22s %9.1f s  peak heap %7.2f GiB  %s", stage,
        seconds, peak / 1073741824.0, note.apply(result)));
    return result;
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
        + "notes |\n|---|---:|---:|---|\n");
    for (Measure m : measures) {
      b.append(String.format("| %s | %.1f | %.2f | %s |%n", m.stage(), m.seconds(),
          m.peakHeapBytes() / 1073741824.0, m.note()));
    }
    return b.toString();
  }
}
