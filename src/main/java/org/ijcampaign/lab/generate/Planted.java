package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.LandingContract.LandingFile;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Quarantine;
import org.ijcampaign.schema.Replacements;

/**
 * Bad rows planted in the landing zone, in exact and known numbers, so that the ingestion's
 * quarantine can be reconciled against them ({@code truth/planted_bad_rows.csv}).
 *
 * <p>The ingestion gives each row the first failing check among: field count; per column in
 * contract order, empty required value and parse; per column, value rule; file-specific
 * ranges; references to other files' accepted rows; duplicates and conflicts among the rows
 * that passed; for claims, reversals of unknown claims. Each planted row is a copy of a real
 * row (or of an extra entity) with one change that fails exactly the check counted and passes
 * every earlier one. Rows that must stay unreferenced are extra entities: a conflict
 * quarantines every row of its key, so conflicting physicians, patients, IRIS and communes are
 * new keys that nothing refers to; unknown references point into identifier ranges nothing
 * uses ({@link Ids}). The one exception is {@code conflicting_claim_id}: a real claim and a
 * changed copy are both quarantined (2 rows per plant), and the real claim is listed as a
 * victim so that the in-scope days leave it out.
 *
 * <p>Counts: every reason of a file is planted {@code max(variants, round(rate × N / 1000))}
 * times, with {@code rate} {@value #CLAIM_RATE} for claims and {@value #OTHER_RATE} for the
 * other files ({@code variants}: the different ways a reason is planted, each at least once);
 * a conflict plant quarantines 2 rows. Planted rows follow the real rows of their file (claims:
 * in one extra file per year, {@code claims_<year>_<parts>.csv}, after the regular parts).
 */
public final class Planted {
  private Planted() {}

  /** Plants per 1,000 GPs of each claim reason, and of each reason of the other files. */
  public static final double CLAIM_RATE = 1.0;
  public static final double OTHER_RATE = 0.5;
  /** Valid reversal pairs (a spurious claim and its reversal) per 1,000 GPs. */
  public static final double REVERSAL_PAIR_RATE = 2.0;

  /** Planted quarantines of one reason in one landing file (its contract path). */
  public record Count(String landingFile, String reason, int count) {}

  /** The planted rows of every file, with their counts. */
  public record Rows(Map<String, Dataset<Row>> byFile, Dataset<Row> claimLines,
      Dataset<Row> claimVictims, List<Count> counts, Map<String, Long> expectedRows) {

    /**
     * Checks that every file gets the planted rows its counts promise (a file with too few
     * source rows would plant fewer, and the truth would be wrong): small counting jobs.
     */
    public void verify() {
      Map<String, Dataset<Row>> all = new LinkedHashMap<>(byFile);
      all.put(LandingContract.CLAIMS.path(), claimLines);
      all.forEach((file, rows) -> {
        long written = rows.count();
        if (written != expectedRows.get(file)) {
          throw new IllegalStateException(file + ": " + written + " planted rows instead of "
              + expectedRows.get(file) + " (too few source rows for the planted reasons)");
        }
      });
    }
  }

  public static final String FILE = "file";
  public static final String ORDER = "plant_order";
  public static final String LINE = "line";
  /** The reason a planted row is quarantined for; null for the good rows of reversal pairs. */
  public static final String REASON = "plant_reason";
  private static final String SLOT = "slot";
  private static final String MUTATION = "mutation";
  private static final String VARIANT = "variant";
  private static final String AVAILABLE = "available";
  private static final String SRC = "src";
  private static final String KEY = "plant_key";

  /** First number of fresh claim identifiers (above every generated claim number). */
  static final long FRESH_CLAIM_BASE = 900_000_000_000_000L;
  /** First number of the RPPS of planted conflicting physicians (nobody else uses them). */
  static final long EXTRA_PHYSICIAN_BASE = 300_000_000L;
  static final long UNKNOWN_PATIENT_BASE = Ids.EXTRA_PATIENT_BASE + 100_000_000L;

  /**
   * One way of planting: {@code sources} source rows, each giving {@code rows.size()} planted
   * rows (the source's columns with the given replacements, which may read {@link #SLOT}), of
   * which {@code quarantined} per source are counted under {@code reason} (null: good rows).
   * {@code line} rewrites the raw text line (claims only).
   */
  record Mutation(String reason, int sources, int quarantined, List<Map<String, Column>> rows,
      UnaryOperator<Column> line) {
    static Mutation of(String reason, int sources, Map<String, Column> change) {
      return new Mutation(reason, sources, 1, List.of(change), null);
    }

    /** Planted rows per source that are themselves quarantined (a conflict's victim is not). */
    int quarantinedRows() {
      return reason == null ? 0 : Math.min(quarantined, rows.size());
    }
  }

  private static int count(GenerateSpec spec, double rate, int variants) {
    return Math.max(variants, (int) Math.round(rate * spec.gps() / 1000.0));
  }

  private static Column slot() {
    return col(SLOT);
  }

  /** Alternates {@code values} over the slots (each variant of a reason in turn). */
  private static Column variant(Column... values) {
    Column out = values[values.length - 1];
    for (int i = values.length - 2; i >= 0; i--) {
      out = when(pmod(slot(), lit(values.length)).equalTo(i), values[i]).otherwise(out);
    }
    return out;
  }

  private static Map<String, Column> change(Object... pairs) {
    Map<String, Column> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      m.put((String) pairs[i], v instanceof Column c ? c : lit(v).cast("string"));
    }
    return m;
  }

  private static Column dayBefore(String dateColumn) {
    return LandingRows.date(date_add(to_date(col(dateColumn)), -1));
  }

  /** {@code yyyy-MM-dd} rewritten {@code dd/MM/yyyy}: a date the contract does not parse. */
  private static Column frenchDate(String dateColumn) {
    Column d = col(dateColumn);
    return concat(substring(d, 9, 2), lit("/"), substring(d, 6, 2), lit("/"), substring(d, 1, 4));
  }

  /**
   * Planted rows of one file: sources numbered by {@code order}; mutations take consecutive
   * slots; slot {@code s} copies source {@code s mod n} ({@code cyclic}: small tables) or
   * source {@code s} (then a real key is never planted twice; if there were too few sources the
   * rows written would fall short of {@link Rows#expectedRows}, which the writer checks).
   * Lazy and one plan: the emitted rows (slot, mutation, variant) are a small driver-built
   * table joined once to the sources, each column chosen by mutation and variant.
   */
  private static Dataset<Row> plant(SparkSession spark, Dataset<Row> sources, Column order,
      LandingFile file, List<Mutation> mutations, boolean cyclic, List<Count> counts,
      Map<String, Long> expected, String... carried) {
    Dataset<Row> numbered = sources
        .withColumn(SRC, row_number().over(Window.orderBy(order, xxhash64(order))).minus(1))
        .withColumn(AVAILABLE, functions.count(lit(1)).over(Window.partitionBy()));
    List<Row> emitted = new ArrayList<>();
    Map<String, Integer> byReason = new LinkedHashMap<>();
    long slot = 0;
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      for (int k = 0; k < m.sources(); k++, slot++) {
        for (int v = 0; v < m.rows().size(); v++) {
          emitted.add(RowFactory.create(slot, i, v));
        }
      }
      if (m.reason() != null) {
        byReason.merge(m.reason(), m.sources() * m.quarantined(), Integer::sum);
      }
    }
    byReason.forEach((reason, n) -> counts.add(new Count(file.path(), reason, n)));
    expected.put(file.path(), (long) emitted.size());
    StructType schema = new StructType().add(SLOT, DataTypes.LongType)
        .add(MUTATION, DataTypes.IntegerType).add(VARIANT, DataTypes.IntegerType);
    Dataset<Row> rows = spark.createDataFrame(emitted, schema);
    Column source = cyclic ? pmod(col(SLOT), col(AVAILABLE)) : col(SLOT);
    Dataset<Row> picked = numbered.crossJoin(broadcast(rows)).where(col(SRC).equalTo(source));

    List<Column> select = new ArrayList<>();
    for (String name : file.columnNames()) {
      Column value = col(name);
      for (int i = mutations.size() - 1; i >= 0; i--) {
        List<Map<String, Column>> variants = mutations.get(i).rows();
        for (int v = variants.size() - 1; v >= 0; v--) {
          Column changed = variants.get(v).get(name);
          if (changed != null) {
            value = when(col(MUTATION).equalTo(i).and(col(VARIANT).equalTo(v)), changed)
                .otherwise(value);
          }
        }
      }
      select.add(value.cast("string").as(name));
    }
    Column reason = lit(null).cast("string");
    Column rawLine = lit(null).cast("string");
    for (int i = mutations.size() - 1; i >= 0; i--) {
      Mutation m = mutations.get(i);
      if (m.reason() != null) {
        reason = when(col(MUTATION).equalTo(i).and(col(VARIANT).lt(m.quarantinedRows())),
            lit(m.reason())).otherwise(reason);
      }
      if (m.line() != null) {
        // The raw line is made of the row's final (changed) columns, hence computed after.
        rawLine = when(col(MUTATION).equalTo(i), m.line().apply(line(file))).otherwise(rawLine);
      }
    }
    select.add(col(SLOT).multiply(4).plus(col(VARIANT)).as(ORDER));
    select.add(reason.as(REASON));
    for (String c : carried) {
      select.add(col(c));
    }
    select.add(col(SLOT));
    select.add(col(MUTATION));
    Dataset<Row> out = picked.select(select.toArray(new Column[0]));
    if (mutations.stream().anyMatch(m -> m.line() != null)) {
      out = out.withColumn(LINE, rawLine);
    }
    return out.drop(SLOT, MUTATION);
  }

  /** The raw landing line of a row of {@code file}: fields joined by {@code ;}, null empty. */
  static Column line(LandingFile file) {
    return concat_ws(LandingContract.SEPARATOR, file.columnNames().stream()
        .map(c -> coalesce(col(c), lit(""))).toArray(Column[]::new));
  }

  /**
   * Plants bad rows in every file of the landing zone generated for {@code spec}. The sources
   * are the real rows: physicians, IRIS, APL, contracts and events from their (small) tables;
   * patients, links and claims recomputed for a few GPs only ({@link #plantGps}).
   */
  public static Rows build(SparkSession spark, GenerateSpec spec, Dataset<Row> physicians,
      Geography geography) {
    Draws d = new Draws(spec.seed());
    List<Count> counts = new ArrayList<>();
    Map<String, Dataset<Row>> byFile = new LinkedHashMap<>();
    Map<String, Long> expected = new LinkedHashMap<>();
    double o = OTHER_RATE;

    // physicians.csv
    Dataset<Row> phys = physicians.select(physicianSources(physicians))
        .withColumn(KEY, d.hash("plant.physician", col(Practitioners.IDX)));
    Column extraId = Ids.rpps(col(SLOT).plus(EXTRA_PHYSICIAN_BASE), spec.seed());
    byFile.put(Physicians.FILE, plant(spark, phys, col(KEY), LandingContract.PHYSICIANS, List.of(
        Mutation.of(Quarantine.INVALID_IRIS_CODE, count(spec, o, 1), change(
            Physicians.PRACTICE_IRIS, substring(col(Physicians.PRACTICE_IRIS), 1, 7))),
        Mutation.of(Quarantine.INVALID_IDENTIFIER, count(spec, o, 1), change(
            Physicians.PHYSICIAN_ID, substring(col(Physicians.PHYSICIAN_ID), 1, 10))),
        Mutation.of(Quarantine.INVALID_VALUE, count(spec, o, 3), change(
            Physicians.EXERCISE_MODE, variant(lit("HOSPITAL"), col(Physicians.EXERCISE_MODE),
                col(Physicians.EXERCISE_MODE)),
            Physicians.BIRTH_YEAR, variant(col(Physicians.BIRTH_YEAR), lit("1850"),
                col(Physicians.BIRTH_YEAR)),
            Physicians.SPECIALTY_CODE, variant(col(Physicians.SPECIALTY_CODE),
                col(Physicians.SPECIALTY_CODE), lit("1")))),
        Mutation.of(Quarantine.UNPARSEABLE_DATE, count(spec, o, 2), change(
            Physicians.INSTALLATION_DATE, variant(lit("2015-02-30"),
                frenchDate(Physicians.INSTALLATION_DATE)))),
        Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
            Physicians.SEX, lit(null))),
        Mutation.of(Quarantine.duplicateOf(Physicians.PHYSICIAN_ID), count(spec, o, 1),
            change()),
        new Mutation(Quarantine.conflictingOf(Physicians.PHYSICIAN_ID), count(spec, o, 1), 2,
            List.of(change(Physicians.PHYSICIAN_ID, extraId),
                change(Physicians.PHYSICIAN_ID, extraId, Physicians.BIRTH_YEAR,
                    col(Physicians.BIRTH_YEAR).cast("int").plus(1))), null)),
        true, counts, expected));

    // The GPs whose patients, links and claims are recomputed to serve as sources.
    Dataset<Row> plantGps = plantGps(spec, physicians);

    // patients.csv
    Dataset<Row> patients = Population.patients(spark, spec, plantGps).localCheckpoint();
    Dataset<Row> patientRows = patients
        .withColumn(KEY, d.hash("plant.patient", col(Population.PID)))
        .select(withKey(LandingRows.patientColumns()));
    Column extraPatient = Ids.patient(col(SLOT).plus(Ids.EXTRA_PATIENT_BASE), spec.seed());
    byFile.put(Patients.FILE, plant(spark, patientRows, col(KEY), LandingContract.PATIENTS,
        List.of(
            Mutation.of(Quarantine.UNPARSEABLE_DATE, count(spec, o, 2), change(
                Patients.ALD_START, variant(lit("2023-13-01"), lit("2023-02-29")))),
            Mutation.of(Quarantine.INVALID_DATE_RANGE, count(spec, o, 3), change(
                Patients.ALD_START, variant(lit("2023-05-01"), col(Patients.ALD_START),
                    col(Patients.ALD_START)),
                Patients.ALD_END, variant(lit("2023-04-01"), col(Patients.ALD_END),
                    col(Patients.ALD_END)),
                Patients.C2S_START, variant(col(Patients.C2S_START), lit(null),
                    col(Patients.C2S_START)),
                Patients.C2S_END, variant(col(Patients.C2S_END), lit("2023-04-01"),
                    col(Patients.C2S_END)),
                Patients.ACTIVE_START, variant(col(Patients.ACTIVE_START),
                    col(Patients.ACTIVE_START), lit("2020-01-01")),
                Patients.ACTIVE_END, variant(col(Patients.ACTIVE_END),
                    col(Patients.ACTIVE_END), lit("2019-12-31")))),
            Mutation.of(Quarantine.INVALID_IDENTIFIER, count(spec, o, 1), change(
                Patients.PATIENT_ID, concat(substring(col(Patients.PATIENT_ID), 1, 5), lit(" "),
                    substring(col(Patients.PATIENT_ID), 6, 20)))),
            Mutation.of(Quarantine.INVALID_VALUE, count(spec, o, 2), change(
                Patients.SEX, variant(lit("X"), col(Patients.SEX)),
                Patients.BIRTH_YEAR, variant(col(Patients.BIRTH_YEAR), lit("1800")))),
            Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
                Patients.BIRTH_YEAR, lit(null))),
            Mutation.of(Quarantine.UNPARSEABLE_NUMBER, count(spec, o, 1), change(
                Patients.BIRTH_YEAR, concat(col(Patients.BIRTH_YEAR), lit(".0")))),
            Mutation.of(Quarantine.duplicateOf(Patients.PATIENT_ID), count(spec, o, 1),
                change()),
            new Mutation(Quarantine.conflictingOf(Patients.PATIENT_ID), count(spec, o, 1), 2,
                List.of(change(Patients.PATIENT_ID, extraPatient),
                    change(Patients.PATIENT_ID, extraPatient, Patients.SEX,
                        when(col(Patients.SEX).equalTo("F"), lit("M")).otherwise(lit("F")))),
                null)),
        false, counts, expected));

    // mt_links.csv
    Dataset<Row> linkRows = patients.withColumn(LandingRows.LINK,
            org.apache.spark.sql.functions.explode_outer(col(Population.LINKS)))
        .withColumn(KEY, d.hash("plant.link", col(Population.PID),
            col(LandingRows.LINK + "." + Population.LINK_NO)))
        .select(withKey(LandingRows.linkColumns(spec.seed())));
    byFile.put(MtLinks.FILE, plant(spark, linkRows, col(KEY), LandingContract.MT_LINKS, List.of(
        Mutation.of(Quarantine.UNPARSEABLE_DATE, count(spec, o, 1), change(
            MtLinks.START_DATE, regexp_replace(col(MtLinks.START_DATE), "-", "/"))),
        Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
            MtLinks.PATIENT_ID, lit(null))),
        Mutation.of(Quarantine.INVALID_IDENTIFIER, count(spec, o, 1), change(
            MtLinks.PHYSICIAN_ID, concat(col(MtLinks.PHYSICIAN_ID), lit("0")))),
        Mutation.of(Quarantine.INVALID_DATE_RANGE, count(spec, o, 1), change(
            MtLinks.END_DATE, dayBefore(MtLinks.START_DATE))),
        Mutation.of(Quarantine.UNKNOWN_PATIENT, count(spec, o, 1), change(
            MtLinks.PATIENT_ID, Ids.patient(col(SLOT).plus(UNKNOWN_PATIENT_BASE), spec.seed()))),
        Mutation.of(Quarantine.UNKNOWN_PHYSICIAN, count(spec, o, 1), change(
            MtLinks.PHYSICIAN_ID, Ids.rpps(col(SLOT).plus(Ids.UNKNOWN_BASE + 100_000),
                spec.seed()))),
        Mutation.of(Quarantine.DUPLICATE_ROW, count(spec, o, 1), change())),
        false, counts, expected));

    // replacements.csv
    Dataset<Row> contracts = LandingRows.contracts(physicians)
        .withColumn(KEY, d.hash("plant.contract", col(Practitioners.IDX),
            org.apache.spark.sql.functions.unix_date(col(LandingRows.CONTRACT_START))))
        .select(withKey(LandingRows.replacementColumns()));
    byFile.put(Replacements.FILE, plant(spark, contracts, col(KEY), LandingContract.REPLACEMENTS,
        List.of(
            Mutation.of(Quarantine.UNPARSEABLE_DATE, count(spec, o, 2), change(
                Replacements.START_DATE, variant(lit("2024-06-31"),
                    col(Replacements.START_DATE)),
                Replacements.END_DATE, variant(col(Replacements.END_DATE), lit(null)))),
            Mutation.of(Quarantine.INVALID_DATE_RANGE, count(spec, o, 1), change(
                Replacements.END_DATE, dayBefore(Replacements.START_DATE))),
            Mutation.of(Quarantine.INVALID_IDENTIFIER, count(spec, o, 1), change(
                Replacements.SUBSTITUTE_ID, substring(col(Replacements.SUBSTITUTE_ID), 1, 9))),
            Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
                Replacements.TITULAR_ID, lit(null))),
            Mutation.of(Quarantine.UNKNOWN_PHYSICIAN, count(spec, o, 1), change(
                Replacements.TITULAR_ID, Ids.rpps(col(SLOT).plus(Ids.UNKNOWN_BASE + 200_000),
                    spec.seed()))),
            Mutation.of(Quarantine.DUPLICATE_ROW, count(spec, o, 1), change())),
        true, counts, expected));

    // iris_indicators.csv; conflicting keys live in commune 99xxx, which does not exist.
    Dataset<Row> irisRows = geography.iris().withColumn(KEY, d.hash("plant.iris",
        xxhash64(col(IrisIndicators.IRIS_CODE)))).select(withKey(LandingRows.irisColumns()));
    Column extraCommune = concat(lit("99"), lpad(col(SLOT).cast("string"), 3, "0"));
    Column extraIris = concat(extraCommune, lit("0101"));
    byFile.put(IrisIndicators.FILE, plant(spark, irisRows, col(KEY),
        LandingContract.IRIS_INDICATORS, List.of(
            Mutation.of(Quarantine.INVALID_IRIS_CODE, count(spec, o, 1), change(
                IrisIndicators.IRIS_CODE, substring(col(IrisIndicators.IRIS_CODE), 1, 8))),
            Mutation.of(Quarantine.INVALID_VALUE, count(spec, o, 2), change(
                IrisIndicators.POVERTY_RATE, variant(lit("1.3"),
                    col(IrisIndicators.POVERTY_RATE)),
                IrisIndicators.POPULATION, variant(col(IrisIndicators.POPULATION), lit("-5")))),
            Mutation.of(Quarantine.UNPARSEABLE_NUMBER, count(spec, o, 1), change(
                IrisIndicators.MEDIAN_INCOME_EUR, lit("21 350"))),
            Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
                IrisIndicators.POPULATION, lit(null))),
            Mutation.of(Quarantine.duplicateOf(IrisIndicators.IRIS_CODE), count(spec, o, 1),
                change()),
            new Mutation(Quarantine.conflictingOf(IrisIndicators.IRIS_CODE), count(spec, o, 1), 2,
                List.of(change(IrisIndicators.IRIS_CODE, extraIris,
                        IrisIndicators.COMMUNE_CODE, extraCommune),
                    change(IrisIndicators.IRIS_CODE, extraIris,
                        IrisIndicators.COMMUNE_CODE, extraCommune, IrisIndicators.POPULATION,
                        col(IrisIndicators.POPULATION).cast("int").plus(1))), null)),
        true, counts, expected));

    // iris_clusters.csv
    if (spec.withClusters()) {
      Dataset<Row> clusterRows = LandingRows.irisClusters(geography, spec.clusterCount())
          .withColumn(KEY, d.hash("plant.cluster", xxhash64(col(IrisClusters.IRIS_CODE))));
      byFile.put(IrisClusters.FILE, plant(spark, clusterRows, col(KEY),
          LandingContract.IRIS_CLUSTERS, List.of(
              Mutation.of(Quarantine.INVALID_IRIS_CODE, count(spec, o, 1), change(
                  IrisClusters.IRIS_CODE, substring(col(IrisClusters.IRIS_CODE), 1, 8))),
              Mutation.of(Quarantine.INVALID_VALUE, count(spec, o, 1), change(
                  IrisClusters.CLUSTER, lit("0"))),
              Mutation.of(Quarantine.UNPARSEABLE_NUMBER, count(spec, o, 1), change(
                  IrisClusters.CLUSTER, lit("2.5"))),
              Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
                  IrisClusters.CLUSTER, lit(null))),
              Mutation.of(Quarantine.duplicateOf(IrisClusters.IRIS_CODE), count(spec, o, 1),
                  change()),
              new Mutation(Quarantine.conflictingOf(IrisClusters.IRIS_CODE), count(spec, o, 1),
                  2, List.of(change(IrisClusters.IRIS_CODE, extraIris, IrisClusters.CLUSTER, "1"),
                      change(IrisClusters.IRIS_CODE, extraIris, IrisClusters.CLUSTER, "2")),
                  null)),
          true, counts, expected));
    }

    // apl.csv
    Dataset<Row> aplRows = geography.apl().withColumn(KEY, d.hash("plant.apl",
            xxhash64(col(Apl.COMMUNE_CODE)), col(Apl.YEAR)))
        .select(withKey(LandingRows.aplColumns()));
    String aplKey = Apl.COMMUNE_CODE + "_" + Apl.YEAR;
    byFile.put(Apl.FILE, plant(spark, aplRows, col(KEY), LandingContract.APL, List.of(
        Mutation.of(Quarantine.INVALID_VALUE, count(spec, o, 3), change(
            Apl.ZONING, variant(lit("ZRR"), col(Apl.ZONING), col(Apl.ZONING)),
            Apl.YEAR, variant(col(Apl.YEAR), lit("1850"), col(Apl.YEAR)),
            Apl.COMMUNE_CODE, variant(col(Apl.COMMUNE_CODE), col(Apl.COMMUNE_CODE),
                substring(col(Apl.COMMUNE_CODE), 1, 4)))),
        Mutation.of(Quarantine.UNPARSEABLE_NUMBER, count(spec, o, 1), change(
            Apl.APL, lit("3,2"))),
        Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(Apl.APL, lit(null))),
        Mutation.of(Quarantine.duplicateOf(aplKey), count(spec, o, 1), change()),
        new Mutation(Quarantine.conflictingOf(aplKey), count(spec, o, 1), 2, List.of(
            change(Apl.COMMUNE_CODE, extraCommune),
            change(Apl.COMMUNE_CODE, extraCommune, Apl.APL, LandingRows.plain(
                col(Apl.APL).cast("double").plus(0.5), 3))), null)),
        true, counts, expected));

    // campaign_history.csv
    Dataset<Row> eventRows = LandingRows.events(physicians)
        .withColumn(KEY, d.hash("plant.event", col(Practitioners.IDX),
            xxhash64(col(CampaignHistory.EVENT_TYPE))))
        .select(withKey(LandingRows.eventColumns()));
    byFile.put(CampaignHistory.FILE, plant(spark, eventRows, col(KEY),
        LandingContract.CAMPAIGN_HISTORY, List.of(
            Mutation.of(Quarantine.INVALID_VALUE, count(spec, o, 3), change(
                CampaignHistory.EVENT_TYPE, variant(lit("ENTRETIEN"),
                    col(CampaignHistory.EVENT_TYPE), col(CampaignHistory.EVENT_TYPE)),
                CampaignHistory.OUTCOME, variant(col(CampaignHistory.OUTCOME), lit("OK"),
                    col(CampaignHistory.OUTCOME)),
                CampaignHistory.OBJECTIVE_IJ_PER_PATIENT, variant(
                    col(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT),
                    col(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT), lit("-1")))),
            Mutation.of(Quarantine.UNPARSEABLE_DATE, count(spec, o, 1), change(
                CampaignHistory.EVENT_DATE, lit("2024-09-31"))),
            Mutation.of(Quarantine.INVALID_IDENTIFIER, count(spec, o, 1), change(
                CampaignHistory.PHYSICIAN_ID, substring(col(CampaignHistory.PHYSICIAN_ID), 1,
                    10))),
            Mutation.of(Quarantine.MISSING_VALUE, count(spec, o, 1), change(
                CampaignHistory.CAMPAIGN, lit(null))),
            Mutation.of(Quarantine.UNKNOWN_PHYSICIAN, count(spec, o, 1), change(
                CampaignHistory.PHYSICIAN_ID, Ids.rpps(col(SLOT).plus(
                    Ids.UNKNOWN_BASE + 300_000), spec.seed()))),
            Mutation.of(Quarantine.DUPLICATE_ROW, count(spec, o, 1), change())),
        true, counts, expected));

    ClaimPlants claims = claims(spark, spec, plantGps, physicians, counts, expected);
    return new Rows(byFile, claims.lines(), claims.victims(), counts, expected);
  }

  private record ClaimPlants(Dataset<Row> lines, Dataset<Row> victims) {}

  /** The file of planted claims of a year: the part after the regular ones. */
  public static Column claimFile(GenerateSpec spec, Column year) {
    return format_string("claims_%d_%02d.csv", year, lit(spec.parts()));
  }

  private static Column[] withKey(Map<String, Column> columns) {
    List<Column> out = new ArrayList<>();
    columns.forEach((name, c) -> out.add(c.cast("string").as(name)));
    out.add(col(KEY));
    return out.toArray(new Column[0]);
  }

  private static Column[] physicianSources(Dataset<Row> physicians) {
    List<Column> out = new ArrayList<>();
    LandingRows.physicianColumns().forEach((name, c) -> out.add(c.cast("string").as(name)));
    out.add(col(Practitioners.IDX));
    return out.toArray(new Column[0]);
  }

  /** Claim reasons, reversal pairs and the claims quarantined with a conflicting copy. */
  private static ClaimPlants claims(SparkSession spark, GenerateSpec spec, Dataset<Row> plantGps,
      Dataset<Row> physicians, List<Count> counts, Map<String, Long> expected) {
    Draws d = new Draws(spec.seed());
    double r = CLAIM_RATE;
    Column dataStart = Population.day(spec.dataStart());
    Column dataEnd = Population.day(spec.dataEnd());
    Dataset<Row> typed = SickLeave.claims(spark, spec, plantGps, physicians)
        .where(col(Claims.RISK).equalTo(Claims.MALADIE)
            .and(col(SickLeave.PRESCRIBER_IDX).lt(spec.gps()))
            .and(col(Claims.PAID_DAYS).geq(2))
            .and(col(Claims.PERIOD_START).geq(dataStart))
            .and(col(Claims.PERIOD_END).leq(dataEnd)))
        .localCheckpoint();
    Dataset<Row> sources = LandingRows.claims(typed)
        .withColumn(KEY, d.hash("plant.claim", col(SickLeave.CLAIM_UID)));
    Column fresh0 = Ids.claim(col(SLOT).multiply(4).plus(FRESH_CLAIM_BASE), spec.seed());
    Column fresh1 = Ids.claim(col(SLOT).multiply(4).plus(FRESH_CLAIM_BASE + 1), spec.seed());
    Column never = Ids.claim(col(SLOT).multiply(4).plus(FRESH_CLAIM_BASE + 3), spec.seed());
    int pairs = count(spec, REVERSAL_PAIR_RATE, 1);
    // Reversal pairs take the first slots, so a reversal of a reversal can name pair p's
    // reversal row, numbered FRESH + 4p + 1.
    Column pairReversal = Ids.claim(pmod(col(SLOT), lit((long) pairs)).multiply(4)
        .plus(FRESH_CLAIM_BASE + 1), spec.seed());
    Column calendar = datediff(to_date(col(Claims.PERIOD_END)),
        to_date(col(Claims.PERIOD_START))).plus(1);
    Column amount = col(Claims.AMOUNT_EUR);
    List<Mutation> mutations = List.of(
        new Mutation(null, pairs, 0, List.of(change(Claims.CLAIM_ID, fresh0),
            change(Claims.CLAIM_ID, fresh1, Claims.REVERSAL_OF, fresh0)), null),
        new Mutation(Quarantine.conflictingOf(Claims.CLAIM_ID), count(spec, r, 1), 2, List.of(
            change(Claims.PRESCRIPTION_DATE, dayBefore(Claims.PRESCRIPTION_DATE))), null),
        new Mutation(Quarantine.MALFORMED_ROW, count(spec, r, 3), 1, List.of(change()),
            line -> variant(concat(line, lit(";EXTRA")),
                regexp_replace(line, ";[^;]*$", ""), lit(""))),
        Mutation.of(Quarantine.MISSING_VALUE, count(spec, r, 1), change(
            Claims.STOP_ID, lit(null))),
        Mutation.of(Quarantine.UNPARSEABLE_DATE, count(spec, r, 2), change(
            Claims.PERIOD_START, variant(lit("2024-02-30"), frenchDate(Claims.PERIOD_START)))),
        Mutation.of(Quarantine.UNPARSEABLE_NUMBER, count(spec, r, 2), change(
            Claims.PAID_DAYS, variant(concat(col(Claims.PAID_DAYS), lit(".5")),
                col(Claims.PAID_DAYS)),
            Claims.AMOUNT_EUR, variant(amount, regexp_replace(amount, "\\.", ","))
        )),
        Mutation.of(Quarantine.INVALID_IDENTIFIER, count(spec, r, 2), change(
            Claims.PRESCRIBER_ID, variant(substring(col(Claims.PRESCRIBER_ID), 1, 10),
                col(Claims.PRESCRIBER_ID)),
            Claims.CLAIM_ID, variant(col(Claims.CLAIM_ID),
                concat(lit("C "), substring(col(Claims.CLAIM_ID), 2, 20))))),
        Mutation.of(Quarantine.INVALID_VALUE, count(spec, r, 2), change(
            Claims.RISK, variant(lit("ACCIDENT"), col(Claims.RISK)),
            Claims.PRESCRIPTION_KIND, variant(col(Claims.PRESCRIPTION_KIND), lit("RENEWAL")))),
        Mutation.of(Quarantine.PERIOD_END_BEFORE_START, count(spec, r, 1), change(
            Claims.PERIOD_END, dayBefore(Claims.PERIOD_START))),
        Mutation.of(Quarantine.NEGATIVE_PAID_DAYS, count(spec, r, 1), change(
            Claims.PAID_DAYS, concat(lit("-"), col(Claims.PAID_DAYS)))),
        Mutation.of(Quarantine.PAID_DAYS_EXCEED_PERIOD, count(spec, r, 1), change(
            Claims.PAID_DAYS, calendar.plus(5))),
        Mutation.of(Quarantine.NEGATIVE_AMOUNT, count(spec, r, 1), change(
            Claims.AMOUNT_EUR, concat(lit("-"), amount))),
        Mutation.of(Quarantine.UNKNOWN_PRESCRIBER, count(spec, r, 1), change(
            Claims.PRESCRIBER_ID, Ids.rpps(col(SLOT).plus(Ids.UNKNOWN_BASE), spec.seed()))),
        Mutation.of(Quarantine.UNKNOWN_PATIENT, count(spec, r, 1), change(
            Claims.PATIENT_ID, Ids.patient(col(SLOT).plus(UNKNOWN_PATIENT_BASE + 100_000),
                spec.seed()))),
        Mutation.of(Quarantine.duplicateOf(Claims.CLAIM_ID), count(spec, r, 1), change()),
        Mutation.of(Quarantine.REVERSAL_OF_UNKNOWN_CLAIM, count(spec, r, 2), change(
            Claims.CLAIM_ID, fresh0,
            Claims.REVERSAL_OF, variant(never, pairReversal))));
    Dataset<Row> planted = plant(spark, sources, col(KEY), LandingContract.CLAIMS, mutations,
        false, counts, expected, SickLeave.FILE_YEAR, SickLeave.CLAIM_UID)
        .withColumn(LINE, coalesce(col(LINE), line(LandingContract.CLAIMS)))
        .withColumn(FILE, claimFile(spec, col(SickLeave.FILE_YEAR)));
    // The real claims of which a changed copy was planted: quarantined as conflicting too.
    Dataset<Row> victims = typed.join(planted.where(col(REASON).equalTo(
            Quarantine.conflictingOf(Claims.CLAIM_ID))).select(SickLeave.CLAIM_UID),
        SickLeave.CLAIM_UID);
    return new ClaimPlants(planted.select(col(FILE), col(ORDER), col(LINE), col(REASON)),
        victims);
  }

  /**
   * The established GPs whose patients, links and claims serve as sources: the first by a
   * draw among those with at least 300 patients, enough for every plant.
   */
  static Dataset<Row> plantGps(GenerateSpec spec, Dataset<Row> physicians) {
    int needed = (int) Math.ceil(count(spec, CLAIM_RATE, 3) * 24 / 150.0) + 1;
    Draws d = new Draws(spec.seed());
    return Practitioners.ranked(physicians, col(Practitioners.IS_GP)
                .and(col(Practitioners.IS_NEW).unary_$bang())
                .and(col(Practitioners.LIST_SIZE).geq(300)),
            d.uniform("plant.gp", col(Practitioners.IDX)), needed, "plant_gp")
        .where(col("plant_gp")).drop("plant_gp");
  }
}
