package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.io.BesideWork;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.IngestMarker;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Replacements;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ingest} job: checks a landing zone against the contract and writes each file's
 * accepted rows to its Delta table and its rejected rows to {@code quarantine}, replacing what
 * a previous ingestion wrote (a landing zone is a full snapshot). Headers of every file are
 * checked before anything is written. Per source file, rows read = rows accepted + rows
 * quarantined, checked on the tables as written and recorded in the runs table.
 */
public final class Ingestion {
  private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);

  private Ingestion() {}

  /** The row count of {@link #reasons} and of the reconciliation's per-file counts. */
  public static final String ROWS = "rows";

  public static final StructType QUARANTINE_SCHEMA = TableSchemas.QUARANTINE.structType();

  public static List<RunLog.Count> run(DeltaStore store, RunLog log, String landing) {
    SparkSession spark = store.spark();
    Map<LandingFile, List<SourceFile>> files = LandingFiles.locate(spark, landing);
    for (List<SourceFile> sources : files.values()) {
      for (SourceFile s : sources) {
        log.input(s.path(), s.sizeBytes());
      }
    }
    // From here on tables are replaced one by one: later jobs must not read a half of them.
    IngestMarker.started(store, log.runId());
    List<RunLog.Count> counts = new ArrayList<>();
    Map<LandingFile, Map<String, Long>> rowsRead = new LinkedHashMap<>();
    Map<LandingFile, Duration> took = new LinkedHashMap<>();
    List<Dataset<Row>> rejected = new ArrayList<>();
    Map<String, RawLines.Read> reads = new TreeMap<>();
    List<String> scratches = new CopyOnWriteArrayList<>();
    Map<String, Map<String, Long>> accepted = new TreeMap<>();
    Map<String, Map<String, Long>> quarantinedRows = new TreeMap<>();
    try {
      Map<LandingFile, Checked> done = checkAll(store, files, scratches);
      for (LandingFile file : LandingContract.ALL) {
        Checked c = done.get(file);
        if (c == null) {
          continue;
        }
        c.acceptedRows().ifPresent(n -> accepted.computeIfAbsent(file.path(),
            k -> new TreeMap<>()).put(files.get(file).get(0).name(), n));
        rejected.add(c.rejected());
        reads.put(file.path(), c.raw());
        rowsRead.put(file, c.raw().rowsPerSource());
        took.put(file, c.took());
      }
      Instant t1 = Instant.now();
      spark.sparkContext().setJobDescription("ingest: write the quarantine");
      store.overwrite(quarantined(spark, rejected, reads), Tables.QUARANTINE,
          RawLines.LANDING_FILE);
      spark.sparkContext().setJobDescription(
          "ingest: reconcile rows read, accepted, quarantined");
      // The tables as written, counted per source file in one query for every file.
      countWritten(store, rowsRead.keySet(), accepted, quarantinedRows);
      log.stage("write quarantine", 0, quarantinedRows.values().stream()
          .flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum(),
          Duration.between(t1, Instant.now()));
    } finally {
      scratches.forEach(store::dropScratch);
    }
    for (Map.Entry<LandingFile, Map<String, Long>> e : rowsRead.entrySet()) {
      List<RunLog.Count> fileCounts = reconcile(e.getKey(), e.getValue(),
          accepted.getOrDefault(e.getKey().path(), Map.of()),
          quarantinedRows.getOrDefault(e.getKey().path(), Map.of()));
      fileCounts.forEach(log::count);
      counts.addAll(fileCounts);
      log.stage("ingest " + e.getKey().path(),
          fileCounts.stream().mapToLong(RunLog.Count::read).sum(),
          fileCounts.stream().mapToLong(RunLog.Count::accepted).sum(),
          took.get(e.getKey()));
    }
    spark.sparkContext().setJobDescription(null);
    IngestMarker.succeeded(store, log.runId(), store.tablesWritten());
    return counts;
  }

  /**
   * Files checked at once. Two lets one file's Spark jobs use the core another leaves idle (its
   * driver planning and Delta commits, the last task of a stage); more would only queue on two
   * cores. Spark runs the jobs of several threads side by side and each step's description is
   * the thread's own.
   */
  static final int FILES_AT_ONCE = 2;

  /**
   * A file read, checked and its accepted rows written: what the quarantine needs of it, its
   * rejected rows in the quarantine's columns ({@link #rejected}).
   */
  record Checked(RawLines.Read raw, Dataset<Row> rejected, OptionalLong acceptedRows,
      Duration took) {}

  /**
   * Every file of the contract, {@link #FILES_AT_ONCE} at a time: first those that name no
   * entity of another file, then, once their tables are written, those checked against them:
   * their lines read and checked, then the patients the claims and the links name found
   * unknown in one pass over the accepted patients, then their reference and set checks. An
   * optional file absent from this snapshot gets an empty table. On a failure the other
   * files' Spark jobs are cancelled and awaited before the error goes up, so that no thread
   * still writes when the scratch copies are dropped.
   */
  static Map<LandingFile, Checked> checkAll(DeltaStore store,
      Map<LandingFile, List<SourceFile>> files, List<String> scratches) {
    SparkSession spark = store.spark();
    // Tags this ingestion's jobs, so that a failure cancels them and no other job of the session.
    String tag = "ijcampaign-ingest-" + UUID.randomUUID();
    spark.sparkContext().addJobTag(tag);
    Map<LandingFile, Checked> done = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(
        FILES_AT_ONCE, r -> {
          Thread t = new Thread(r, "ingest-file");
          t.setDaemon(true);
          return t;
        });
    try {
      List<LandingFile> first = LandingContract.ALL.stream()
          .filter(f -> !referencesOthers(f)).toList();
      List<LandingFile> then = LandingContract.ALL.stream()
          .filter(Ingestion::referencesOthers).toList();
      eachFile(spark, tag, pool, first, file -> {
        List<SourceFile> sources = files.get(file);
        if (sources == null) {
          // An optional file absent from this snapshot: its table must not keep older rows.
          store.overwrite(spark.createDataFrame(List.of(), cleanSchema(file)), file.table());
        } else {
          done.put(file, finishFile(store, readFile(store, file, sources, scratches), null));
        }
      });
      Map<LandingFile, Read> read = new ConcurrentHashMap<>();
      eachFile(spark, tag, pool, then, file -> {
        List<SourceFile> sources = files.get(file);
        if (sources == null) {
          store.overwrite(spark.createDataFrame(List.of(), cleanSchema(file)), file.table());
        } else {
          read.put(file, readFile(store, file, sources, scratches));
        }
      });
      Dataset<Row> unknownPatients = unknownPatients(store, read);
      eachFile(spark, tag, pool, then.stream().filter(read::containsKey).toList(),
          file -> done.put(file, finishFile(store, read.get(file), unknownPatients)));
    } finally {
      spark.sparkContext().removeJobTag(tag);
      pool.shutdownNow();
    }
    return done;
  }

  /** One step for each of {@code files}, on the pool; returns when every one has ended. */
  private static void eachFile(SparkSession spark, String tag, ExecutorService pool,
      List<LandingFile> files, java.util.function.Consumer<LandingFile> step) {
    CompletionService<Void> running = new ExecutorCompletionService<>(pool);
    for (LandingFile file : files) {
      running.submit(() -> {
        SparkSession.setActiveSession(spark);
        spark.sparkContext().addJobTag(tag);
        step.accept(file);
        return null;
      });
    }
    awaitAll(spark, tag, running, files.size());
  }

  /**
   * The patients that the claims' and the links' rows name and that are not among the accepted
   * patients, found in one pass over those (null when neither file is in the snapshot). The two
   * files name the same 57 M patients nationally: one pass where each file's check made its
   * own.
   */
  private static Dataset<Row> unknownPatients(DeltaStore store, Map<LandingFile, Read> read) {
    List<Dataset<Row>> named = new ArrayList<>();
    if (read.containsKey(LandingContract.CLAIMS)) {
      named.add(ReferenceChecks.named(read.get(LandingContract.CLAIMS).rowChecked(),
          Claims.PATIENT_ID));
    }
    if (read.containsKey(LandingContract.MT_LINKS)) {
      named.add(ReferenceChecks.named(read.get(LandingContract.MT_LINKS).rowChecked(),
          MtLinks.PATIENT_ID));
    }
    if (named.isEmpty()) {
      return null;
    }
    store.spark().sparkContext().setJobDescription(
        "ingest: patients the claims and links name, against the accepted ones");
    Dataset<Row> unknown = ReferenceChecks.unknownIds(named, patientIds(store), false);
    store.spark().sparkContext().setJobDescription(null);
    return unknown;
  }

  /**
   * Waits for {@code n} files in the order they finish. The first failure cancels the other
   * Spark jobs tagged {@code tag}, again every second until the files have ended (a job a file
   * submits after one cancellation escapes it); the rest are still awaited, then that failure
   * goes up as it was thrown.
   */
  static void awaitAll(SparkSession spark, String tag,
      CompletionService<Void> running, int n) {
    Throwable failure = null;
    boolean interrupted = false;
    for (int i = 0; i < n; ) {
      try {
        Future<Void> done = failure == null ? running.take()
            : running.poll(1, TimeUnit.SECONDS);
        if (done == null) {
          spark.sparkContext().cancelJobsWithTag(tag);
          continue;
        }
        done.get();
        i++;
      } catch (ExecutionException e) {
        i++;
        if (failure == null) {
          failure = e.getCause();
          spark.sparkContext().cancelJobsWithTag(tag);
        }
      } catch (InterruptedException e) {
        // Still waits for the files, their jobs cancelled, before the scratch is dropped.
        interrupted = true;
        if (failure == null) {
          failure = e;
          spark.sparkContext().cancelJobsWithTag(tag);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw BesideWork.<RuntimeException>rethrow(failure);
    }
  }

  /** The files whose rows name entities of another file ({@link #classify}'s reference checks). */
  static boolean referencesOthers(LandingFile file) {
    return file.equals(LandingContract.CLAIMS) || file.equals(LandingContract.MT_LINKS)
        || file.equals(LandingContract.REPLACEMENTS)
        || file.equals(LandingContract.CAMPAIGN_HISTORY);
  }

  /** A file's lines read and checked row by row, in their columnar scratch copy. */
  record Read(LandingFile file, List<SourceFile> sources, RawLines.Read raw,
      Dataset<Row> rowChecked, Duration took) {}

  /** Stages 1–4 for one file. */
  private static Read readFile(DeltaStore store, LandingFile file, List<SourceFile> sources,
      List<String> scratches) {
    SparkSession spark = store.spark();
    Instant t0 = Instant.now();
    Map<String, List<String>> headers = new TreeMap<>();
    sources.forEach(s -> headers.put(s.name(), s.header()));
    step(spark, file, "number the lines");
    RawLines.Read raw = RawLines.read(spark, file.path(), sources);
    // The lines are read and checked once, into a columnar scratch copy: the set checks
    // then read a few narrow columns of it, the clean table and the quarantine the rest.
    // It is kept until the quarantine is written, which reads its rejected rows from it.
    String scratch = store.scratch("ingest/" + file.table());
    scratches.add("ingest/" + file.table());
    // Job descriptions name the step in Spark's UI, event log and listener figures.
    step(spark, file, "read and check lines");
    Dataset<Row> lineChecks = RowChecks.apply(raw.lines(), file, headers);
    // Without dictionary encoding: most of its columns are ids or hashes, unique or nearly,
    // whose dictionary Parquet fills up to its page limit and then drops, once per row
    // group, and reading a dictionary page back copies each value. Faster at 6,000 GPs, no
    // change measured nationally, a copy a sixth larger (docs/benchmarks.md, "Sixth pass").
    lineChecks.write().mode(SaveMode.Overwrite)
        .option(ParquetOutputFormat.ENABLE_DICTIONARY, false).parquet(scratch);
    spark.sparkContext().setJobDescription(null);
    // Read with the schema just written: no job to infer it from the files' footers.
    return new Read(file, sources, raw, spark.read().schema(lineChecks.schema()).parquet(scratch),
        Duration.between(t0, Instant.now()));
  }

  /**
   * Stages 5–7 for one file read, and its accepted rows written; {@code unknownPatients} as
   * {@link #unknownPatients} found them (only the claims and the links read it).
   */
  private static Checked finishFile(DeltaStore store, Read read, Dataset<Row> unknownPatients) {
    SparkSession spark = store.spark();
    Instant t0 = Instant.now();
    LandingFile file = read.file();
    step(spark, file, "reference and set checks");
    Dataset<Row> checked = classify(store, file, read.rowChecked(),
        read.sources().stream().map(SourceFile::name).toList(), unknownPatients)
        .drop(RowChecks.FIELDS_HASH, RowChecks.FIELDS_HASH2);
    // Written now: the files after this one are checked against its accepted rows.
    step(spark, file, "write the accepted rows");
    RejectedRows rejected = RejectedRows.register(spark, "rejected rows of " + file.path(),
        REJECTED_ROWS_GATHERED);
    long version = store.overwrite(clean(rejected.accepted(checked, file.path()), file),
        file.table());
    // One source file, one table: the commit's own row count is the file's accepted rows,
    // and the reconciliation need not scan the table again.
    OptionalLong acceptedRows = read.sources().size() == 1
        ? store.rowsOverwritten(file.table(), version) : OptionalLong.empty();
    spark.sparkContext().setJobDescription(null);
    return new Checked(read.raw(), rejected(spark, file, checked, rejected), acceptedRows,
        read.took().plus(Duration.between(t0, Instant.now())));
  }

  /**
   * Largest number of rejected rows a file's write gathers ({@link RejectedRows}): whole
   * quarantine rows with their text, some 50 MB on the driver at this many. National zones
   * have a few thousand.
   */
  static final int REJECTED_ROWS_GATHERED = 100_000;

  /**
   * A file's rejected rows in the quarantine's columns: those its accepted rows' write
   * gathered, or, past the cap, those of its checked rows read again.
   */
  static Dataset<Row> rejected(SparkSession spark, LandingFile file, Dataset<Row> checked,
      RejectedRows gathered) {
    if (!gathered.overflowed()) {
      return gathered.rows(spark);
    }
    LOG.info("{}: more than {} rows rejected, "
        + "read again from its scratch copy for the quarantine", file.path(),
        REJECTED_ROWS_GATHERED);
    return quarantined(checked);
  }

  private static void step(SparkSession spark, LandingFile file, String what) {
    spark.sparkContext().setJobDescription("ingest " + file.path() + ": " + what);
  }

  /** Stages 5–7 for one file, against the accepted rows of the files it references. */
  static Dataset<Row> classify(DeltaStore store, LandingFile file, Dataset<Row> rowChecked,
      List<String> sourceFiles, Dataset<Row> unknownPatients) {
    Dataset<Row> d = rowChecked;
    if (file.equals(LandingContract.CLAIMS)) {
      d = ReferenceChecks.requireKnown(d, Claims.PRESCRIBER_ID, physicianIds(store),
          Quarantine.UNKNOWN_PRESCRIBER);
      d = ReferenceChecks.markUnknown(d, Claims.PATIENT_ID, unknownPatients,
          Quarantine.UNKNOWN_PATIENT);
    } else if (file.equals(LandingContract.MT_LINKS)) {
      d = ReferenceChecks.markUnknown(d, MtLinks.PATIENT_ID, unknownPatients,
          Quarantine.UNKNOWN_PATIENT);
      d = ReferenceChecks.requireKnown(d, MtLinks.PHYSICIAN_ID, physicianIds(store),
          Quarantine.UNKNOWN_PHYSICIAN);
    } else if (file.equals(LandingContract.REPLACEMENTS)) {
      d = ReferenceChecks.requireKnown(d, Replacements.TITULAR_ID, physicianIds(store),
          Quarantine.UNKNOWN_PHYSICIAN);
    } else if (file.equals(LandingContract.CAMPAIGN_HISTORY)) {
      d = ReferenceChecks.requireKnown(d, CampaignHistory.PHYSICIAN_ID, physicianIds(store),
          Quarantine.UNKNOWN_PHYSICIAN);
    }
    d = SetChecks.duplicates(d, file.key(), sourceFiles);
    if (file.equals(LandingContract.CLAIMS)) {
      d = SetChecks.reversals(d);
    }
    return d;
  }

  private static Dataset<Row> physicianIds(DeltaStore store) {
    return store.read(Tables.PHYSICIANS).select(Physicians.PHYSICIAN_ID);
  }

  private static Dataset<Row> patientIds(DeltaStore store) {
    return store.read(Tables.PATIENTS).select(Patients.PATIENT_ID);
  }

  /** Accepted rows: the typed contract columns and where each came from. */
  public static Dataset<Row> clean(Dataset<Row> checked, LandingFile file) {
    List<Column> cols = new ArrayList<>();
    file.columnNames().forEach(c -> cols.add(col(c)));
    if (file.equals(LandingContract.CLAIMS)) {
      cols.add(col(SetChecks.REVERSED));
    }
    cols.add(col(Quarantine.SOURCE_FILE));
    cols.add(col(Quarantine.SOURCE_LINE));
    return checked.where(col(Quarantine.REASON).isNull())
        .select(cols.toArray(new Column[0]));
  }

  /** The schema of a file's clean table, as declared in {@link TableSchemas}. */
  public static StructType cleanSchema(LandingFile file) {
    return TableSchemas.of(file.table()).orElseThrow(() -> new IllegalStateException(
        "no declared table " + file.table())).structType();
  }

  /** A file's rejected rows in the quarantine's columns, {@code raw} as the checks left it. */
  public static Dataset<Row> quarantined(Dataset<Row> checked) {
    return inQuarantineColumns(checked.where(col(Quarantine.REASON).isNotNull()));
  }

  private static Dataset<Row> inQuarantineColumns(Dataset<Row> d) {
    return d.select(java.util.Arrays.stream(QUARANTINE_SCHEMA.fieldNames())
        .map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  /**
   * Every file's rejected rows ({@code rejected}, in the quarantine's columns), each with its
   * line's text. A row that failed a row check carries its text from the checks; a row
   * rejected by a reference or set check does not (the checks keep no text for a line they
   * pass), and gets it from a second read of its file
   * ({@code reads}, by landing file), joined on its source file and line. Only the files with
   * such rows are read again. When they are few, as on any real zone, their lines are found by
   * the scan's row id ({@link RawLines.Rescan}): the second read compares one number per line
   * and numbers only the lines it keeps. More of them (a hostile zone: every line a duplicate,
   * say) and the whole file is numbered again and joined, slower and as complete. A row whose
   * line is not found again (its file replaced or split otherwise during the run) is missing
   * from the quarantine, and the reconciliation of rows read against rows written then fails
   * the run.
   */
  static Dataset<Row> quarantined(SparkSession spark, List<Dataset<Row>> rejected,
      Map<String, RawLines.Read> reads) {
    return quarantined(spark, rejected, reads, RESCAN_BY_ID_ROWS);
  }

  /** The same, finding the lines by row id up to {@code rescanByIdRows} rows per file. */
  static Dataset<Row> quarantined(SparkSession spark, List<Dataset<Row>> rejected,
      Map<String, RawLines.Read> reads, long rescanByIdRows) {
    Dataset<Row> all = spark.createDataFrame(List.of(), QUARANTINE_SCHEMA);
    for (Dataset<Row> c : rejected) {
      all = all.unionByName(c);
    }
    // Materialised once: the count of rows without text below, the texts' joins and the
    // union all read it.
    Dataset<Row> kept = all.localCheckpoint(false);
    Column noText = col(Quarantine.RAW).isNull();
    Dataset<Row> out = kept.where(col(Quarantine.RAW).isNotNull());
    for (Row r : kept.where(noText).groupBy(RawLines.LANDING_FILE).agg(count(lit(1)).as(ROWS))
        .collectAsList()) {
      String landing = r.getAs(RawLines.LANDING_FILE);
      RawLines.Read read = reads.get(landing);
      if (read == null) {
        throw new IllegalStateException("rejected rows of " + landing + " without their text, "
            + "and no lines of it to read the text from");
      }
      Dataset<Row> without = kept.where(noText.and(col(RawLines.LANDING_FILE).equalTo(landing)))
          .drop(Quarantine.RAW);
      long n = r.getAs(ROWS);
      Dataset<Row> lines = n <= rescanByIdRows
          ? read.rescan().texts(without.select(Quarantine.SOURCE_FILE, Quarantine.SOURCE_LINE)
              .collectAsList())
          : read.lines();
      if (n <= QUARANTINE_BROADCAST_ROWS) {
        without = broadcast(without);
      }
      Dataset<Row> text = lines.select(col(Quarantine.SOURCE_FILE).as("_file"),
          col(Quarantine.SOURCE_LINE).as("_line"), col(Quarantine.RAW));
      out = out.unionByName(inQuarantineColumns(text.join(without, text.col("_file")
          .equalTo(without.col(Quarantine.SOURCE_FILE))
          .and(text.col("_line").equalTo(without.col(Quarantine.SOURCE_LINE))))));
    }
    return out;
  }

  /**
   * Largest set of rejected rows without text broadcast to their file's second read: whole
   * quarantine rows (reason, detail, provenance), about 50 MB at this many. A hostile zone
   * with more (every line a duplicate, say) joins by shuffle: slower, still complete.
   */
  static final long QUARANTINE_BROADCAST_ROWS = 250_000;

  /**
   * Largest set of rejected rows without text whose lines are found by row id: their (file,
   * line) pairs go to the driver and their ids into the second scan's filter (a hash set in
   * the plan, a few hundred KB at this many). National zones have a few thousand.
   */
  static final long RESCAN_BY_ID_ROWS = 20_000;

  /**
   * Rows accepted and quarantined per landing file and source file, counted on the tables as
   * written: the quarantine and each clean table whose accepted rows are not known yet (from
   * its commit, when one source file filled it), in one query.
   */
  static void countWritten(DeltaStore store, java.util.Collection<LandingFile> files,
      Map<String, Map<String, Long>> accepted, Map<String, Map<String, Long>> quarantined) {
    String side = "_side";
    Dataset<Row> all = store.read(Tables.QUARANTINE)
        .groupBy(RawLines.LANDING_FILE, Quarantine.SOURCE_FILE).agg(count(lit(1)).as(ROWS))
        .withColumn(side, lit(Tables.QUARANTINE));
    for (LandingFile file : files) {
      if (accepted.containsKey(file.path())) {
        continue;
      }
      all = all.unionByName(store.read(file.table()).groupBy(Quarantine.SOURCE_FILE)
          .agg(count(lit(1)).as(ROWS))
          .withColumn(RawLines.LANDING_FILE, lit(file.path()))
          .withColumn(side, lit(file.table())));
    }
    for (Row r : all.collectAsList()) {
      (Tables.QUARANTINE.equals(r.getAs(side)) ? quarantined : accepted)
          .computeIfAbsent(r.getAs(RawLines.LANDING_FILE), k -> new TreeMap<>())
          .put(r.getAs(Quarantine.SOURCE_FILE), r.getAs(ROWS));
    }
  }

  /**
   * Rows read per source file (counted by the reader, before any check) against rows accepted
   * and quarantined (both counted on the tables as written, {@link #countWritten}). A gap is a
   * bug of this job, never of the input: it fails.
   */
  static List<RunLog.Count> reconcile(LandingFile file, Map<String, Long> rowsRead,
      Map<String, Long> acceptedRows, Map<String, Long> quarantinedRows) {
    Map<String, long[]> byFile = new LinkedHashMap<>();
    rowsRead.forEach((name, n) -> byFile.computeIfAbsent(name, k -> new long[3])[0] = n);
    acceptedRows.forEach((name, n) -> byFile.computeIfAbsent(name, k -> new long[3])[1] = n);
    quarantinedRows.forEach((name, n) -> byFile.computeIfAbsent(name, k -> new long[3])[2] = n);
    List<RunLog.Count> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : new TreeMap<>(byFile).entrySet()) {
      long[] n = e.getValue();
      if (n[0] != n[1] + n[2]) {
        throw new IllegalStateException("reconciliation failed for " + file.path() + " / "
            + e.getKey() + ": read " + n[0] + " != accepted " + n[1] + " + quarantined "
            + n[2]);
      }
      out.add(new RunLog.Count(e.getKey(), n[0], n[1], n[2]));
    }
    return out;
  }

  /** Quarantined rows per landing file and reason, for the job summary. */
  public static Dataset<Row> reasons(Dataset<Row> quarantine) {
    return quarantine.groupBy(RawLines.LANDING_FILE, Quarantine.REASON).agg(count(lit(1))
        .as(ROWS)).orderBy(RawLines.LANDING_FILE, Quarantine.REASON);
  }

}
