package org.ijcampaign.io;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.schema.Runs;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lineage of one job run, kept in the {@code runs} table: a {@code RUNNING} row when the job
 * starts, replaced by its final row ({@code SUCCEEDED} or {@code FAILED}) when it ends, so a
 * run killed half-way stays visible as {@code RUNNING}. Also logs (INFO) the run's start, one
 * progress line per stage and its end.
 */
public final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  /** Rows of one input file or stage: read = accepted + quarantined. */
  public record Count(String item, long read, long accepted, long quarantined) {}

  public record Input(String path, long sizeBytes) {}

  public record Stage(String name, long rowsIn, long rowsOut, double seconds) {}

  /** The runs table, as declared in {@link TableSchemas}. */
  public static final StructType SCHEMA = TableSchemas.RUNS.structType();

  private final DeltaStore store;
  private final String job;
  private final String runId = UUID.randomUUID().toString();
  private final Instant started = Instant.now();
  private final Map<String, String> parameters;
  private final String environment;
  private final String configHash;
  private final List<Input> inputs = new ArrayList<>();
  private final List<Count> counts = new ArrayList<>();
  private final List<Stage> stages = new ArrayList<>();

  public RunLog(DeltaStore store, String job, Map<String, String> parameters, String environment,
      String configHash) {
    this.store = store;
    this.job = job;
    this.parameters = new LinkedHashMap<>(parameters);
    this.environment = environment;
    this.configHash = configHash;
  }

  public String runId() {
    return runId;
  }

  public List<Count> counts() {
    return List.copyOf(counts);
  }

  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** Writes the RUNNING row. */
  public void start() {
    LOG.info("[{}] run {} started", job, runId);
    write(RUNNING, null, null);
  }

  public void input(String path, long sizeBytes) {
    inputs.add(new Input(path, sizeBytes));
  }

  public void count(Count c) {
    counts.add(c);
  }

  /** Records a stage and logs its progress line. */
  public void stage(String name, long rowsIn, long rowsOut, Duration took) {
    double s = took.toMillis() / 1000.0;
    stages.add(new Stage(name, rowsIn, rowsOut, s));
    LOG.info(String.format("[%s] stage %-28s rows in %,12d  rows out %,12d  %8.1f s",
        job, name, rowsIn, rowsOut, s));
  }

  public void succeed() {
    write(SUCCEEDED, Instant.now(), null);
    LOG.info(String.format("[%s] run %s SUCCEEDED in %.1f s; tables written %s", job, runId,
        Duration.between(started, Instant.now()).toMillis() / 1000.0, store.tablesWritten()));
  }

  /** Best effort: the failure must be reported even when the warehouse itself is the problem. */
  public void fail(Throwable error) {
    try {
      write(FAILED, Instant.now(), String.valueOf(error.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("[{}] could not record the failed run: {}", job, e.getMessage());
    }
  }

  private void write(String status, Instant ended, String error) {
    Row row = new RowBuilder(SCHEMA).set(Runs.RUN_ID, runId).set(Runs.JOB, job)
        .set(Runs.STATUS, status).set(Runs.STARTED_AT, Timestamp.from(started))
        .set(Runs.ENDED_AT, ended == null ? null : Timestamp.from(ended))
        .set(Runs.DURATION_S,
            ended == null ? null : Duration.between(started, ended).toMillis() / 1000.0)
        .set(Runs.PARAMETERS, parameters).set(Runs.ENVIRONMENT, environment)
        .set(Runs.CONFIG_HASH, configHash).set(Runs.PROJECT_VERSION, ProjectVersion.get())
        .set(Runs.INPUTS,
            inputs.stream().map(i -> RowFactory.create(i.path(), i.sizeBytes())).toList())
        .set(Runs.ROW_COUNTS, counts.stream().map(c -> RowFactory.create(c.item(), c.read(),
            c.accepted(), c.quarantined())).toList())
        .set(Runs.STAGES, stages.stream().map(s -> RowFactory.create(s.name(), s.rowsIn(),
            s.rowsOut(), s.seconds())).toList())
        .set(Runs.TABLES_READ, new LinkedHashMap<>(store.tablesRead()))
        .set(Runs.TABLES_WRITTEN, new LinkedHashMap<>(store.tablesWritten()))
        .set(Runs.ERROR, error).build();
    var df = store.spark().createDataFrame(List.of(row), SCHEMA).coalesce(1);
    if (!store.exists(Tables.RUNS)) {
      store.append(df, Tables.RUNS);
    } else if (RUNNING.equals(status)) {
      // A new run id is in no file yet: a plain append, where a replaceWhere would first look
      // for it in every file of the table (several Spark jobs, as the table grows).
      df.write().format("delta").mode("append").save(store.path(Tables.RUNS));
    } else {
      // One row per run: the final row replaces the RUNNING one in a single commit.
      df.write().format("delta").mode("overwrite")
          .option("replaceWhere", Runs.RUN_ID + " = '" + runId + "'")
          .save(store.path(Tables.RUNS));
    }
  }
}
