package org.ijcampaign.profile;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.config.Period;
import org.ijcampaign.config.ReplacementRule;
import org.ijcampaign.ingest.SetChecks;
import org.ijcampaign.io.Joins;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Replacements;

/**
 * GP profiles per observation period (docs/method.md, "Profile"): IJ days pro rata day by day,
 * the replacement rule, active patients and their mix, presence, exposure and rate. Every
 * period is computed in the same pass: claims are joined once to the small table of periods
 * they overlap and each médecin-traitant link carries one bit per period it counts in, so six
 * semesters cost little more than one.
 */
public final class Profiles {
  private Profiles() {}

  // Working columns of the claim-period rows.
  public static final String ATTRIBUTED_ID = "attributed_id";
  public static final String MOVED = "moved";
  public static final String DAYS = "days";
  public static final String AMOUNT = "amount";
  static final String PERIOD_DAYS = "period_days";
  /**
   * A period's position in the periods table: the key the claim-periods are summed by, four
   * bytes where the label and both dates were three fields (the sums over tens of millions of
   * rows are bound by hashing their keys).
   */
  static final String PERIOD_INDEX = "period_index";

  /** A GP's RPPS number as a long ({@link #gpNumber}) in {@link #activePatients}. */
  private static final String GP_NUMBER = "_gp_number";

  /** Digits of an RPPS number, to write a {@link #gpNumber} back as its text. */
  private static final int RPPS_DIGITS = 11;

  /**
   * An RPPS number as a long, the key of the per-GP sums. It is 11 ASCII digits (ingestion
   * quarantines any other), so the long is exact and {@link #rppsText} gives the text back,
   * zero-padded. A fixed-width key is hashed and compared faster than a text, and an aggregate
   * whose keys and sums are all fixed-width gets Spark's fast hash map.
   */
  static Column gpNumber(Column rpps) {
    return rpps.cast(DataTypes.LongType);
  }

  /** The RPPS number's text of a {@link #gpNumber}. */
  static Column rppsText(Column number) {
    return lpad(number.cast(DataTypes.StringType), RPPS_DIGITS, "0");
  }

  /** Of a stop row: the prescriber whose claims moved to the substitute, else null. */
  static final String MOVED_FROM = "moved_from";
  static final String STOP_DAYS = "_d";
  static final String STOP_AMOUNT = "_amount";
  static final String FINAL_YEAR = "final_year";
  static final String C_START = "c_start";
  static final String C_END = "c_end";

  private static final int SHORT_STOP_DAYS = 8;
  private static final int LONG_STOP_DAYS = 90;
  private static final double DAYS_PER_YEAR = 365.25;
  private static final int MIN_AGE = 16;
  private static final int MAX_AGE = 64;

  /** The small table of periods, one row each; a label may not repeat. */
  public static Dataset<Row> periods(SparkSession spark, List<Period> periods) {
    StructType schema = new StructType()
        .add(PERIOD_INDEX, DataTypes.IntegerType, false)
        .add(Profile.PERIOD, DataTypes.StringType, false)
        .add(Profile.PERIOD_START, DataTypes.DateType, false)
        .add(Profile.PERIOD_END, DataTypes.DateType, false)
        .add(PERIOD_DAYS, DataTypes.IntegerType, false)
        .add(FINAL_YEAR, DataTypes.IntegerType, false);
    List<Row> rows = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (Period p : periods) {
      if (!labels.add(p.label())) {
        throw new IllegalArgumentException("period " + p.label() + " is given twice");
      }
      rows.add(new RowBuilder(schema).set(PERIOD_INDEX, rows.size())
          .set(Profile.PERIOD, p.label())
          .set(Profile.PERIOD_START, Date.valueOf(p.start()))
          .set(Profile.PERIOD_END, Date.valueOf(p.end())).set(PERIOD_DAYS, (int) p.days())
          .set(FINAL_YEAR, p.finalYear()).build());
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * In-scope claims ({@code MALADIE}, neither a reversal nor reversed) attributed to their GP
   * and cut by period: one row per claim and period it overlaps, with its pro-rata days and
   * euros. With the replacement rule, a claim whose prescription date falls inside a
   * replacement contract of its prescriber belongs to the substitute; with {@link
   * ReplacementRule#STOPS}, so does a claim whose stop's first prescription under that
   * prescriber's identifier falls inside a contract. If contracts compete, the one holding the
   * claim's own prescription date wins, then the one that started last, then the smallest
   * substitute id, so the choice is stable.
   */
  public static Dataset<Row> attributedClaims(Dataset<Row> claims, Dataset<Row> replacements,
      Dataset<Row> periods, ReplacementRule rule) {
    Dataset<Row> inScope = claims
        .where(col(Claims.RISK).equalTo(Claims.MALADIE)
            .and(col(Claims.REVERSAL_OF).isNull())
            .and(col(SetChecks.REVERSED).equalTo(false)))
        .select(col(Claims.CLAIM_ID), col(Claims.STOP_ID), col(Claims.PATIENT_ID),
            col(Claims.PRESCRIBER_ID), col(Claims.PRESCRIPTION_DATE),
            col(Claims.PERIOD_START).as(C_START), col(Claims.PERIOD_END).as(C_END),
            col(Claims.PAID_DAYS), col(Claims.AMOUNT_EUR));

    Dataset<Row> attributed;
    if (rule.on()) {
      Dataset<Row> contracts = replacements.select(
          col(Replacements.TITULAR_ID).as("_titular"),
          col(Replacements.SUBSTITUTE_ID).as("_substitute"),
          col(Replacements.START_DATE).as("_r_start"), col(Replacements.END_DATE).as("_r_end"));
      // Only titulars' claims can move: the others keep their prescriber without meeting the
      // contracts, so the matching and its join back by claim id shuffle the titulars' claims
      // alone rather than every claim.
      Dataset<Row> titulars = broadcast(contracts.select(col("_titular")).distinct());
      Column ofTitular = col(Claims.PRESCRIBER_ID).equalTo(col("_titular"));
      Dataset<Row> titularsClaims = inScope.join(titulars, ofTitular, "left_semi");
      Column byPrescription = col(Claims.PRESCRIPTION_DATE).between(col("_r_start"),
          col("_r_end"));
      Dataset<Row> candidates = titularsClaims;
      Column inContract = byPrescription;
      // The contract a claim goes to is chosen among the claim's own rows, so each claim must
      // be one window partition: its id, unique in claims_clean (the file's key).
      Column[] oneClaim = {col(Claims.CLAIM_ID)};
      if (rule == ReplacementRule.STOPS) {
        // A window gives each claim its stop's first prescription under the same id in one
        // shuffle of those few claims (no aggregate joined back).
        candidates = titularsClaims.withColumn("_stop_first", when(col(Claims.STOP_ID).isNotNull(),
            min(Claims.PRESCRIPTION_DATE).over(Window.partitionBy(Claims.PRESCRIBER_ID,
                Claims.STOP_ID))));
        inContract = byPrescription.or(coalesce(
            col("_stop_first").between(col("_r_start"), col("_r_end")), lit(false)));
        // The claim's prescriber and stop besides its id: the stop window's shuffle already
        // holds each claim in one partition, so choosing the contract needs no other.
        oneClaim = new Column[] {col(Claims.PRESCRIBER_ID), col(Claims.STOP_ID),
            col(Claims.CLAIM_ID)};
      }
      // Each titular's claim meets his contracts where it is (a left join: a claim no contract
      // holds keeps one row, without a substitute), and keeps the contract that wins. The
      // claims are read once for this and once for the others' (a choice joined back by claim
      // id read them twice and shuffled them again).
      attributed = candidates
          .join(broadcast(contracts),
              col(Claims.PRESCRIBER_ID).equalTo(col("_titular")).and(inContract), "left")
          .withColumn("_rn", row_number().over(Window.partitionBy(oneClaim)
              .orderBy(when(byPrescription, 0).otherwise(1), col("_r_start").desc(),
                  col("_substitute"))))
          .where(col("_rn").equalTo(1))
          .withColumn(ATTRIBUTED_ID, coalesce(col("_substitute"), col(Claims.PRESCRIBER_ID)))
          .withColumn(MOVED, col("_substitute").isNotNull())
          .drop("_titular", "_substitute", "_r_start", "_r_end", "_stop_first", "_rn")
          .unionByName(inScope.join(titulars, ofTitular, "left_anti")
              .withColumn(ATTRIBUTED_ID, col(Claims.PRESCRIBER_ID))
              .withColumn(MOVED, lit(false)));
    } else {
      attributed = inScope.withColumn(ATTRIBUTED_ID, col(Claims.PRESCRIBER_ID))
          .withColumn(MOVED, lit(false));
    }

    Column overlapStart = greatest(col(C_START), col(Profile.PERIOD_START));
    Column overlapEnd = least(col(C_END), col(Profile.PERIOD_END));
    Column inside = datediff(overlapEnd, overlapStart).plus(1);
    Column calendar = datediff(col(C_END), col(C_START)).plus(1);
    return attributed
        .join(broadcast(periods), col(C_START).leq(col(Profile.PERIOD_END))
            .and(col(C_END).geq(col(Profile.PERIOD_START))))
        .withColumn(DAYS, col(Claims.PAID_DAYS).multiply(inside).divide(calendar))
        .withColumn(AMOUNT, col(Claims.AMOUNT_EUR).multiply(inside).divide(calendar));
  }

  /**
   * The attributed claim-periods summed per stop, period, attributed GP, patient and, for claims
   * moved to a substitute, their prescriber ({@link #MOVED_FROM}): days, euros and the first and
   * last day of those claims. Every later sum of the days reads these rows, partitioned by stop,
   * rather than the claim-periods (two to three times as many): the profile job computes them
   * once and keeps them. A stop has one patient in the contract; grouping by both keeps the
   * sums right if a file breaks that.
   */
  public static Dataset<Row> stopRows(Dataset<Row> attributed) {
    return attributed.repartition(col(Claims.STOP_ID))
        .groupBy(col(PERIOD_INDEX), col(ATTRIBUTED_ID), col(Claims.STOP_ID),
            col(Claims.PATIENT_ID), when(col(MOVED), col(Claims.PRESCRIBER_ID)).as(MOVED_FROM))
        .agg(sum(DAYS).as(STOP_DAYS), sum(AMOUNT).as(STOP_AMOUNT), min(C_START).as(C_START),
            max(C_END).as(C_END));
  }

  /**
   * Per GP and period: IJ days, euros, stops (whole-stop length decides short and long), the
   * stop-size moments of the model's dispersion, and the days prescribed to patients who are not
   * his médecin-traitant patients in the period; from {@link #stopRows}.
   */
  public static Dataset<Row> prescriberDays(Dataset<Row> stopRowsAsRead, Dataset<Row> mtLinks,
      Dataset<Row> periods) {
    // Summed by GP as a number (gpNumber), written back as text at the end.
    Dataset<Row> stopRows = stopRowsAsRead
        .withColumn(ATTRIBUTED_ID, gpNumber(col(ATTRIBUTED_ID)))
        .withColumn(MOVED_FROM, gpNumber(col(MOVED_FROM)));
    // The stop rows are partitioned by stop: the stop's span and its days per GP and period are
    // sums within a partition.
    Dataset<Row> stopSpan = stopRows.groupBy(Claims.STOP_ID)
        .agg(datediff(max(C_END), min(C_START)).plus(1).as("_span"));
    Dataset<Row> perStop = stopRows
        .groupBy(col(PERIOD_INDEX), col(ATTRIBUTED_ID), col(Claims.STOP_ID))
        .agg(sum(STOP_DAYS).as("_d"), sum(STOP_AMOUNT).as("_amount"))
        .join(stopSpan, Claims.STOP_ID);
    Dataset<Row> perGp = perStop.groupBy(col(PERIOD_INDEX), col(ATTRIBUTED_ID))
        .agg(sum("_d").as(Profile.IJ_DAYS), sum("_amount").as(Profile.AMOUNT_EUR),
            sum(col("_d").multiply(col("_d"))).as(Profile.STOP_DAYS_SQ_SUM),
            sum(when(col("_d").gt(0), 1).otherwise(0)).as(Profile.STOPS),
            sum(when(col("_d").gt(0).and(col("_span").lt(SHORT_STOP_DAYS)), 1).otherwise(0))
                .as(Profile.SHORT_STOPS),
            sum(when(col("_d").gt(0).and(col("_span").gt(LONG_STOP_DAYS)), 1).otherwise(0))
                .as(Profile.LONG_STOPS));

    // Claims to patients with a link to the attributed GP overlapping the period.
    Dataset<Row> links = mtLinks.select(col(MtLinks.PATIENT_ID).as("_l_patient"),
        gpNumber(col(MtLinks.PHYSICIAN_ID)).as("_l_physician"),
        col(MtLinks.START_DATE).as("_l_start"),
        col(MtLinks.END_DATE).as("_l_end"));
    // The link test depends on the patient, the GP and the period only: the days are summed
    // per patient first (most patients have several stops a period), and only those sums meet
    // the period's dates and the links.
    Dataset<Row> patientDays = stopRows
        .groupBy(col(PERIOD_INDEX), col(ATTRIBUTED_ID), col(Claims.PATIENT_ID))
        .agg(sum(STOP_DAYS).as("_patient_days"))
        .join(broadcast(periods.select(PERIOD_INDEX, Profile.PERIOD_START, Profile.PERIOD_END)),
            PERIOD_INDEX);
    Dataset<Row> mtDays = patientDays.join(links,
            col(Claims.PATIENT_ID).equalTo(col("_l_patient"))
                .and(col(ATTRIBUTED_ID).equalTo(col("_l_physician")))
                .and(col("_l_start").leq(col(Profile.PERIOD_END)))
                .and(col("_l_end").isNull().or(col("_l_end").geq(col(Profile.PERIOD_START)))),
            "left_semi")
        .groupBy(col(PERIOD_INDEX), col(ATTRIBUTED_ID))
        .agg(sum("_patient_days").as("_mt_days"));

    Dataset<Row> moved = stopRows.where(col(MOVED_FROM).isNotNull());
    Dataset<Row> asSubstitute = moved.groupBy(col(PERIOD_INDEX), col(ATTRIBUTED_ID))
        .agg(sum(STOP_DAYS).as(Profile.DAYS_AS_SUBSTITUTE));
    Dataset<Row> movedAway = moved
        .groupBy(col(PERIOD_INDEX), col(MOVED_FROM).as(ATTRIBUTED_ID))
        .agg(sum(STOP_DAYS).as(Profile.DAYS_MOVED_TO_SUBSTITUTES));

    List<String> key = List.of(PERIOD_INDEX, ATTRIBUTED_ID);
    return perGp
        .join(mtDays, Joins.on(key), "left")
        .join(asSubstitute, Joins.on(key), "left")
        .join(movedAway, Joins.on(key), "full")
        .withColumn(Profile.NON_MT_IJ_DAYS, coalesce(col(Profile.IJ_DAYS), lit(0.0))
            .minus(coalesce(col("_mt_days"), lit(0.0))))
        .drop("_mt_days")
        .withColumn(ATTRIBUTED_ID, rppsText(col(ATTRIBUTED_ID)))
        .join(broadcast(periods.select(PERIOD_INDEX, Profile.PERIOD)), PERIOD_INDEX)
        .drop(PERIOD_INDEX);
  }

  /**
   * The (GP, period) pairs {@link #prescriberDays} has a row for (the profile takes them
   * distinct with the physicians' own): each stop row's attributed GP and, for claims moved to a
   * substitute, their prescriber. Read from the stop rows directly: selecting the keys of {@code
   * prescriberDays} would make Spark compute its sums for the keys alone.
   */
  public static Dataset<Row> prescribers(Dataset<Row> stopRows, Dataset<Row> periods) {
    return stopRows.select(gpNumber(col(ATTRIBUTED_ID)).as(ATTRIBUTED_ID), col(PERIOD_INDEX))
        .unionByName(stopRows.where(col(MOVED_FROM).isNotNull())
            .select(gpNumber(col(MOVED_FROM)).as(ATTRIBUTED_ID), col(PERIOD_INDEX)))
        .distinct()
        .join(broadcast(periods.select(PERIOD_INDEX, Profile.PERIOD)), PERIOD_INDEX)
        .select(rppsText(col(ATTRIBUTED_ID)).as(ATTRIBUTED_ID), col(Profile.PERIOD));
  }

  /**
   * Per GP and period: active patients (médecin-traitant link overlapping the period, in
   * employment during it, aged 16–64 in the period's final year) and their mix. A patient
   * linked twice to the same GP counts once; a patient who changed GP counts for both.
   */
  public static Dataset<Row> activePatients(Dataset<Row> mtLinks, Dataset<Row> patients,
      Dataset<Row> periods) {
    // The periods table is a handful of rows built on the driver.
    List<Row> all = periods.orderBy(Profile.PERIOD_START, Profile.PERIOD).collectAsList();
    Dataset<Row> out = null;
    for (int from = 0; from < all.size(); from += PERIODS_PER_MASK) {
      Dataset<Row> block = activePatients(mtLinks, patients,
          all.subList(from, Math.min(all.size(), from + PERIODS_PER_MASK)));
      out = out == null ? block : out.unionByName(block);
    }
    return out != null ? out : activePatients(mtLinks, patients, all);
  }

  /**
   * Periods counted in one pass, one bit each of a 64-bit mask. Sixty would fit, but the
   * per-link expressions of more than about thirty exceed the 64 KB Java method Spark
   * generates, and it falls back to slower interpreted code; a longer history takes more passes.
   */
  static final int PERIODS_PER_MASK = 24;

  /**
   * The same for at most {@link #PERIODS_PER_MASK} periods. A link that spans most periods is
   * never cut into link-periods: each link row (already beside its patient) carries one bit per
   * period in which it counts, a GP and patient's links are merged by OR-ing their bits (the
   * "counts once"), and only then does each merged pair become one row per period, straight
   * into the per-GP sums. Nationally that replaces a distinct over some 450 M wide
   * link-periods (7.8 a link on the 3,000-GP zone) with an aggregate over the 58 M links.
   */
  private static Dataset<Row> activePatients(Dataset<Row> mtLinks, Dataset<Row> patients,
      List<Row> periods) {
    Dataset<Row> p = patients.where(col(Patients.ACTIVE_START).isNotNull());
    Column counted = lit(0L);
    Column ald = lit(0L);
    Column c2s = lit(0L);
    List<Column> indexIfCounted = new ArrayList<>();
    List<Column> labels = new ArrayList<>();
    List<Column> finalYears = new ArrayList<>();
    List<Column> bits = new ArrayList<>();
    for (int i = 0; i < periods.size(); i++) {
      Row period = periods.get(i);
      Column start = lit(period.<Date>getAs(Profile.PERIOD_START));
      Column end = lit(period.<Date>getAs(Profile.PERIOD_END));
      int finalYear = period.<Integer>getAs(FINAL_YEAR);
      Column bit = lit(1L << i);
      Column linkOverlaps = col(MtLinks.START_DATE).leq(end)
          .and(col(MtLinks.END_DATE).isNull().or(col(MtLinks.END_DATE).geq(start)));
      Column age = lit(finalYear).minus(col(Patients.BIRTH_YEAR));
      counted = counted.bitwiseOR(when(linkOverlaps
          .and(overlaps(Patients.ACTIVE_START, Patients.ACTIVE_END, start, end))
          .and(age.between(MIN_AGE, MAX_AGE)), bit).otherwise(0L));
      ald = ald.bitwiseOR(when(overlaps(Patients.ALD_START, Patients.ALD_END, start, end), bit)
          .otherwise(0L));
      c2s = c2s.bitwiseOR(when(overlaps(Patients.C2S_START, Patients.C2S_END, start, end), bit)
          .otherwise(0L));
      indexIfCounted.add(when(col("_counted").bitwiseAND(bit).notEqual(0), lit(i)));
      labels.add(lit(period.<String>getAs(Profile.PERIOD)));
      finalYears.add(lit(finalYear));
      bits.add(bit);
    }
    // The join leaves the rows partitioned by patient, which the per-pair aggregate needs; the
    // patients table has one row per patient (ingestion quarantines a repeated id), so his
    // columns are the same on each of his links. The GP is summed on as a number (gpNumber),
    // over 85 M patient-periods nationally.
    Dataset<Row> pairs = mtLinks
        .select(col(MtLinks.PHYSICIAN_ID), col(MtLinks.PATIENT_ID), col(MtLinks.START_DATE),
            col(MtLinks.END_DATE))
        .join(p, MtLinks.PATIENT_ID)
        .select(gpNumber(col(MtLinks.PHYSICIAN_ID)).as(GP_NUMBER),
            col(MtLinks.PATIENT_ID), counted.as("_counted"),
            col(Patients.BIRTH_YEAR), col(Patients.SEX), ald.as("_ald"), c2s.as("_c2s"))
        .where(col("_counted").notEqual(0))
        .groupBy(GP_NUMBER, MtLinks.PATIENT_ID)
        .agg(bit_or(col("_counted")).as("_counted"), max(Patients.BIRTH_YEAR).as("_birth"),
            max(col(Patients.SEX).equalTo("F")).as("_woman"), max("_ald").as("_ald"),
            max("_c2s").as("_c2s"));
    Column index = col("_i").plus(1);
    Column bitOfPeriod = element_at(array(bits.toArray(new Column[0])), index);
    Column age = element_at(array(finalYears.toArray(new Column[0])), index).minus(col("_birth"));
    Dataset<Row> patientPeriods = pairs
        .select(col(GP_NUMBER), col("_birth"), col("_woman"),
            col("_ald"), col("_c2s"),
            explode(array(indexIfCounted.toArray(new Column[0]))).as("_i"))
        .where(col("_i").isNotNull())
        .select(col(GP_NUMBER), col("_i"),
            age.as("_age"), col("_woman"),
            col("_ald").bitwiseAND(bitOfPeriod).notEqual(0).as("_in_ald"),
            col("_c2s").bitwiseAND(bitOfPeriod).notEqual(0).as("_in_c2s"));
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as(Profile.ACTIVE_PATIENTS));
    for (int i = 0; i < Profile.AGE_BANDS.size(); i++) {
      int[] band = Profile.AGE_BANDS.get(i);
      aggs.add(sum(when(col("_age").between(band[0], band[1]), 1).otherwise(0))
          .as(Profile.AGE_SHARES.get(i)));
    }
    aggs.add(sum(when(col("_woman"), 1).otherwise(0)).as(Profile.SHARE_WOMEN));
    aggs.add(sum(when(col("_in_ald"), 1).otherwise(0)).as(Profile.SHARE_ALD));
    aggs.add(sum(when(col("_in_c2s"), 1).otherwise(0)).as(Profile.SHARE_C2S));
    Dataset<Row> sums = patientPeriods.groupBy(col(GP_NUMBER), col("_i"))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    // The GP's text and the period's label in place of the keys, the sums after them as built.
    List<Column> out = new ArrayList<>(List.of(rppsText(col(GP_NUMBER)).as(ATTRIBUTED_ID),
        element_at(array(labels.toArray(new Column[0])), index)
            .cast(DataTypes.StringType).as(Profile.PERIOD)));
    for (String c : sums.columns()) {
      if (!c.equals(GP_NUMBER) && !c.equals("_i")) {
        out.add(col(c));
      }
    }
    Dataset<Row> counts = sums.select(out.toArray(new Column[0]));
    // Counts become shares of the active patients.
    for (String share : Profile.SHARES) {
      counts = counts.withColumn(share, col(share).divide(col(Profile.ACTIVE_PATIENTS)));
    }
    return counts;
  }

  /** A nullable date range that overlaps the given dates (a null end is ongoing). */
  private static Column overlaps(String start, String end, Column periodStart,
      Column periodEnd) {
    return col(start).isNotNull().and(col(start).leq(periodEnd))
        .and(col(end).isNull().or(col(end).geq(periodStart)));
  }

  /**
   * Per titular and period: the share of the period's days not covered by any of his
   * replacement contracts (overlapping contracts are not counted twice).
   */
  public static Dataset<Row> presence(Dataset<Row> replacements, Dataset<Row> periods) {
    return replacements
        .join(broadcast(periods), col(Replacements.START_DATE).leq(col(Profile.PERIOD_END))
            .and(col(Replacements.END_DATE).geq(col(Profile.PERIOD_START))))
        .select(col(Replacements.TITULAR_ID).as(ATTRIBUTED_ID), col(Profile.PERIOD),
            col(PERIOD_DAYS),
            explode(sequence(greatest(col(Replacements.START_DATE), col(Profile.PERIOD_START)),
                least(col(Replacements.END_DATE), col(Profile.PERIOD_END)))).as("_day"))
        .distinct()
        .groupBy(ATTRIBUTED_ID, Profile.PERIOD, PERIOD_DAYS)
        .agg(count(lit(1)).as("_covered"))
        .select(col(ATTRIBUTED_ID), col(Profile.PERIOD),
            lit(1.0).minus(col("_covered").divide(col(PERIOD_DAYS))).as(Profile.PRESENCE_FRACTION));
  }

  /**
   * The profile: one row per physician of the file for every period, and one per pair of
   * {@code prescribers} ({@link #prescribers}: the prescribers with IJ days). Exposure = active
   * patients × presence × period days / 365.25; the rate is defined when exposure is
   * positive; general practitioners with a rate are {@code profiled}. The
   * patientèle shares of a GP with fewer than {@code minCellPatients} active patients are
   * suppressed (null): they would describe too few people.
   */
  public static Dataset<Row> profile(Dataset<Row> physicians, Dataset<Row> prescribers,
      Dataset<Row> prescriberDays, Dataset<Row> activePatients, Dataset<Row> presence,
      Dataset<Row> periods, ReplacementRule rule, int minCellPatients) {
    Dataset<Row> base = physicians.select(col(Physicians.PHYSICIAN_ID).as(ATTRIBUTED_ID))
        .crossJoin(broadcast(periods.select(Profile.PERIOD)))
        .unionByName(prescribers)
        .distinct();
    List<String> key = List.of(ATTRIBUTED_ID, Profile.PERIOD);
    Dataset<Row> phys = physicians.select(
        col(Physicians.PHYSICIAN_ID).as(ATTRIBUTED_ID), col(Physicians.SPECIALTY_CODE),
        col(Physicians.EXERCISE_MODE), col(Physicians.REGION_CODE),
        col(Physicians.PRACTICE_IRIS), col(Physicians.INSTALLATION_DATE),
        col(Physicians.SEX).as(Profile.SEX), col(Physicians.BIRTH_YEAR).as(Profile.BIRTH_YEAR));
    Dataset<Row> joined = base
        .join(broadcast(periods), Profile.PERIOD)
        .join(phys, ATTRIBUTED_ID, "left")
        .join(prescriberDays, Joins.on(key), "left")
        .join(activePatients, Joins.on(key), "left")
        .join(presence, Joins.on(key), "left");
    Column presenceFraction = rule.on()
        ? coalesce(col(Profile.PRESENCE_FRACTION), lit(1.0)) : lit(1.0);
    Column active = coalesce(col(Profile.ACTIVE_PATIENTS), lit(0L));
    Column exposure = active.multiply(presenceFraction).multiply(col(PERIOD_DAYS))
        .divide(DAYS_PER_YEAR);
    Column days = coalesce(col(Profile.IJ_DAYS), lit(0.0));
    Dataset<Row> out = joined
        .withColumn(Profile.IJ_DAYS, days)
        .withColumn(Profile.AMOUNT_EUR, coalesce(col(Profile.AMOUNT_EUR), lit(0.0)))
        .withColumn(Profile.STOP_DAYS_SQ_SUM, coalesce(col(Profile.STOP_DAYS_SQ_SUM), lit(0.0)))
        .withColumn(Profile.STOPS, coalesce(col(Profile.STOPS), lit(0L)))
        .withColumn(Profile.SHORT_STOPS, coalesce(col(Profile.SHORT_STOPS), lit(0L)))
        .withColumn(Profile.LONG_STOPS, coalesce(col(Profile.LONG_STOPS), lit(0L)))
        .withColumn(Profile.NON_MT_IJ_DAYS, coalesce(col(Profile.NON_MT_IJ_DAYS), lit(0.0)))
        .withColumn(Profile.NON_MT_SHARE, when(days.gt(0),
            col(Profile.NON_MT_IJ_DAYS).divide(days)))
        .withColumn(Profile.DAYS_MOVED_TO_SUBSTITUTES,
            coalesce(col(Profile.DAYS_MOVED_TO_SUBSTITUTES), lit(0.0)))
        .withColumn(Profile.DAYS_AS_SUBSTITUTE,
            coalesce(col(Profile.DAYS_AS_SUBSTITUTE), lit(0.0)))
        .withColumn(Profile.REPLACEMENT_RULE, lit(rule.on()))
        .withColumn(Profile.ACTIVE_PATIENTS, active)
        .withColumn(Profile.PRESENCE_FRACTION, presenceFraction)
        .withColumn(Profile.EXPOSURE, exposure)
        .withColumn(Profile.RATE, when(exposure.gt(0), days.divide(exposure)))
        .withColumn(Profile.PROFILED, coalesce(col(Physicians.SPECIALTY_CODE)
            .equalTo(Physicians.GENERAL_PRACTICE).and(exposure.gt(0)), lit(false)))
        .withColumnRenamed(ATTRIBUTED_ID, Profile.PHYSICIAN_ID);
    // Statistical secrecy: the mix of fewer than minCellPatients patients is not published.
    for (String share : Profile.SHARES) {
      out = out.withColumn(share, when(active.geq(minCellPatients), col(share)));
    }
    return out.select(outputColumns().stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new));
  }

  /** The table's columns, in order. */
  public static List<String> outputColumns() {
    List<String> c = new ArrayList<>(List.of(Profile.PERIOD, Profile.PERIOD_START,
        Profile.PERIOD_END, Profile.PHYSICIAN_ID, Profile.SPECIALTY_CODE, Profile.EXERCISE_MODE,
        Profile.REGION_CODE, Profile.PRACTICE_IRIS, Profile.INSTALLATION_DATE, Profile.SEX,
        Profile.BIRTH_YEAR, Profile.IJ_DAYS, Profile.AMOUNT_EUR, Profile.STOPS,
        Profile.SHORT_STOPS, Profile.LONG_STOPS, Profile.STOP_DAYS_SQ_SUM,
        Profile.NON_MT_IJ_DAYS, Profile.NON_MT_SHARE, Profile.DAYS_MOVED_TO_SUBSTITUTES,
        Profile.DAYS_AS_SUBSTITUTE, Profile.REPLACEMENT_RULE, Profile.ACTIVE_PATIENTS));
    c.addAll(Profile.SHARES);
    c.addAll(List.of(Profile.PRESENCE_FRACTION, Profile.EXPOSURE, Profile.RATE,
        Profile.PROFILED));
    return c;
  }

  /** Everything at once, from the ingested tables. */
  public static Dataset<Row> compute(Inputs in, Dataset<Row> periods, ReplacementRule rule,
      int minCellPatients) {
    return compute(in, stopRows(attributedClaims(in.claims(), in.replacements(), periods, rule)),
        periods, rule, minCellPatients);
  }

  /** The same, from the {@link #stopRows} (which the job persists: six reads). */
  public static Dataset<Row> compute(Inputs in, Dataset<Row> stopRows, Dataset<Row> periods,
      ReplacementRule rule, int minCellPatients) {
    return profile(in.physicians(), prescribers(stopRows, periods),
        prescriberDays(stopRows, in.mtLinks(), periods),
        activePatients(in.mtLinks(), in.patients(), periods),
        presence(in.replacements(), periods), periods, rule, minCellPatients);
  }

  /** The ingested tables a profile reads. */
  public record Inputs(Dataset<Row> claims, Dataset<Row> physicians, Dataset<Row> patients,
      Dataset<Row> mtLinks, Dataset<Row> replacements) {}
}
