package org.ijcampaign.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Spark's own figures per step: every completed stage's wall time, executor run time, shuffle
 * bytes and spill, summed by the job description the jobs set ("ingest ij_claims: read and
 * check lines", "profile: compute and write"). Measures; asserts nothing.
 */
final class StageFigures extends SparkListener {
  private final Map<Integer, String> stageStep = new ConcurrentHashMap<>();
  private final Map<String, double[]> byStep = new LinkedHashMap<>();

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String d = job.properties() == null ? null
        : job.properties().getProperty("spark.job.description");
    String step = d == null ? "(other: Delta log, snapshots, counts)" : d;
    scala.collection.Iterator<Object> ids = job.stageIds().iterator();
    while (ids.hasNext()) {
      stageStep.put((Integer) ids.next(), step);
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted done) {
    StageInfo s = done.stageInfo();
    if (s.submissionTime().isEmpty() || s.completionTime().isEmpty()) {
      return;
    }
    double[] f = byStep.computeIfAbsent(stageStep.getOrDefault(s.stageId(), "(unknown)"),
        k -> new double[6]);
    f[0] += ((Long) s.completionTime().get() - (Long) s.submissionTime().get()) / 1e3;
    f[1] += s.taskMetrics().executorRunTime() / 1e3;
    f[2] += s.taskMetrics().shuffleWriteMetrics().bytesWritten() / 1e6;
    f[3] += s.taskMetrics().diskBytesSpilled() / 1e6;
    f[4] += 1;
    f[5] += s.numTasks();
  }

  /** A Markdown table, steps in the order they first ran. */
  synchronized String table(String title) {
    StringBuilder b = new StringBuilder(String.format("| %s | stages | tasks | stage wall s "
        + "| task s | shuffle written MB | spilled MB |%n|---|---:|---:|---:|---:|---:|---:|%n",
        title));
    byStep.forEach((step, f) -> b.append(String.format("| %s | %.0f | %.0f | %.1f | %.1f "
        + "| %.0f | %.0f |%n", step, f[4], f[5], f[0], f[1], f[2], f[3])));
    return b.toString();
  }
}
