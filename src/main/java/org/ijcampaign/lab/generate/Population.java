package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.schema.Patients;

/**
 * The patients: each GP's adult médecin-traitant list, one row per patient, numbered
 * {@code physician × 10,000 + rank in the list}. A patient's own attributes (birth year, sex,
 * employment, ALD, daily IJ rate) are pure functions of that number ({@link #core}), so that a
 * claim for a patient seen by another doctor can recompute them without a join; C2S also
 * depends on the fragility of the GP's IRIS. Each patient has one médecin-traitant link, which
 * may end during the years and be followed by a link to another GP ({@link #LINKS}).
 */
public final class Population {
  private Population() {}

  public static final String PID = "patient_num";
  public static final String RANK = "list_rank";
  public static final String EMPLOYED = "employed";
  public static final String DAILY_RATE = "daily_rate_2023";
  /** Array of links: struct(gp: physician number, no: 0 or 1, start: date, end: date). */
  public static final String LINKS = "links";
  public static final String LINK_GP = "gp";
  public static final String LINK_NO = "no";
  public static final String LINK_START = "start";
  public static final String LINK_END = "end";

  static Column day(LocalDate date) {
    return lit(java.sql.Date.valueOf(date));
  }

  /** A date drawn uniformly in [from, to] (both columns of dates, from ≤ to). */
  static Column dateBetween(Draws d, String salt, Column from, Column to, Column... keys) {
    return date_add(from, floor(d.uniform(salt, keys)
        .multiply(datediff(to, from).plus(1))).cast("int"));
  }

  /** Age on 31 December of the last year: 18–64 uniform, then fewer with age up to 94. */
  static Column ageLast(Draws d, Column pid) {
    Column u = d.uniform("pat.age", pid);
    double w = Calibration.WORKING_AGE_SHARE;
    Column young = lit(18).plus(floor(u.divide(w).multiply(47)));
    Column v = u.minus(w).divide(1 - w);
    Column old = lit(65).plus(floor(lit(1.0).minus(sqrt(lit(1.0).minus(v))).multiply(30)));
    return when(u.lt(w), young).otherwise(old).cast("int");
  }

  public static final String AGE_LAST = "age_last";
  private static final String RETIREMENT = "retirement";
  private static final String HAS_ALD = "has_ald";

  /**
   * Adds the attributes of the patient numbered {@code pid} that depend on nothing else: the
   * contract columns birth year, sex, ALD and employment ranges, plus {@link #AGE_LAST},
   * {@link #EMPLOYED} and {@link #DAILY_RATE}. Each is a column computed from the previous ones
   * (one expression each, so that no draw is spelt twice in the plan). With {@code only}, rows
   * where it is false keep the values they already have (walk-in candidates recompute the
   * patient they drew, own-list candidates keep theirs).
   */
  static Dataset<Row> withCore(Dataset<Row> df, Draws d, GenerateSpec spec, Column pid,
      Column only) {
    Map<String, Column> stages = new LinkedHashMap<>();
    Column age = col(AGE_LAST);
    stages.put(AGE_LAST, ageLast(d, pid));
    stages.put(Patients.BIRTH_YEAR, lit(spec.lastYear()).minus(age));
    stages.put(Patients.SEX, when(d.bernoulli("pat.sex", Calibration.FEMALE_SHARE, pid),
        lit("F")).otherwise(lit("M")));
    // In employment at some time: by age on the last year (retirement ends it).
    Column employment = when(age.leq(24), 0.5).when(age.leq(54), 0.82).when(age.leq(59), 0.74)
        .when(age.leq(64), 0.6).when(age.leq(66), 0.5).otherwise(0.0);
    stages.put(EMPLOYED, d.bernoulli("pat.employed", employment, pid));
    Column entry = lit(18).plus(floor(d.uniform("pat.entry", pid)
        .multiply(least(lit(7), age.minus(17))))).cast("int");
    stages.put(Patients.ACTIVE_START, when(col(EMPLOYED),
        make_date(col(Patients.BIRTH_YEAR).plus(entry),
            d.integer("pat.entry.month", 1, 12, pid), d.integer("pat.entry.day", 1, 28, pid))));
    stages.put(RETIREMENT, make_date(col(Patients.BIRTH_YEAR).plus(
            d.integer("pat.retire", 62, 64, pid)),
        d.integer("pat.retire.month", 1, 12, pid), d.integer("pat.retire.day", 1, 28, pid)));
    // Retirement at 62–64, or for a few a job lost during the years; null while employed.
    Column lossFrom = greatest(col(Patients.ACTIVE_START), day(spec.dataStart()));
    stages.put(Patients.ACTIVE_END, when(col(Patients.ACTIVE_START).isNull(),
            lit(null).cast("date"))
        .when(col(RETIREMENT).leq(day(spec.dataEnd())), col(RETIREMENT))
        .when(d.bernoulli("pat.loss.happens", 0.05, pid).and(lossFrom.leq(day(spec.dataEnd()))),
            dateBetween(d, "pat.loss", lossFrom, day(spec.dataEnd()), pid)));
    Column aldScore = age.minus(18).multiply(Calibration.ALD_PER_YEAR_OF_AGE)
        .plus(Calibration.ALD_INTERCEPT);
    stages.put(HAS_ALD, d.bernoulli("pat.ald", Draws.logistic(aldScore), pid));
    // ALD onset: a quarter during the years, the rest up to 15 years before.
    Column during = dateBetween(d, "pat.ald.start", day(spec.dataStart()), day(spec.dataEnd()),
        pid);
    Column before = date_add(day(spec.dataStart()), d.integer("pat.ald.start", -15 * 365, -1,
        pid));
    stages.put(Patients.ALD_START, when(col(HAS_ALD), when(d.bernoulli("pat.ald.recent", 0.25,
        pid), during).otherwise(before)));
    Column aldEnd = date_add(col(Patients.ALD_START), d.integer("pat.ald.length", 365, 5 * 365,
        pid));
    stages.put(Patients.ALD_END, when(col(HAS_ALD).and(d.bernoulli("pat.ald.ends", 0.12, pid))
        .and(aldEnd.leq(day(spec.dataEnd()))), aldEnd));
    stages.put(DAILY_RATE, Exact.round2(least(lit(Calibration.DAILY_RATE_MAX),
        greatest(lit(Calibration.DAILY_RATE_MIN), d.lognormal("pat.rate",
            Calibration.DAILY_RATE_MEDIAN, Calibration.DAILY_RATE_SIGMA, pid)))));
    Dataset<Row> out = df;
    java.util.Set<String> existing = java.util.Set.of(df.columns());
    for (Map.Entry<String, Column> e : stages.entrySet()) {
      out = out.withColumn(e.getKey(), only == null || !existing.contains(e.getKey())
          ? e.getValue() : when(only, e.getValue()).otherwise(col(e.getKey())));
    }
    return out.drop(RETIREMENT, HAS_ALD);
  }

  private static final String HAS_C2S = "has_c2s";

  /** Adds the C2S range: likelier in a fragile IRIS and out of work; 1–3 years or ongoing. */
  static Dataset<Row> withC2s(Dataset<Row> df, Draws d, GenerateSpec spec, Column pid,
      Column fragility) {
    Column score = fragility.multiply(Calibration.C2S_PER_FRAGILITY)
        .plus(when(col(EMPLOYED), Calibration.C2S_EMPLOYED).otherwise(0.0))
        .plus(Calibration.C2S_INTERCEPT);
    Column start = dateBetween(d, "pat.c2s.start", day(LocalDate.of(spec.firstYear() - 3, 1, 1)),
        day(LocalDate.of(spec.lastYear(), 9, 30)), pid);
    Column end = date_add(col(Patients.C2S_START),
        d.integer("pat.c2s.years", 1, 3, pid).multiply(365).minus(1));
    return df.withColumn(HAS_C2S, d.bernoulli("pat.c2s", Draws.logistic(score), pid))
        .withColumn(Patients.C2S_START, when(col(HAS_C2S), start))
        .withColumn(Patients.C2S_END, when(col(HAS_C2S)
            .and(d.bernoulli("pat.c2s.ends", 0.6, pid)), end))
        .drop(HAS_C2S);
  }

  /** The physicians, partitioned as the claim files: {@code parts} contiguous ranges. */
  static Dataset<Row> physicianStream(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians) {
    return spark.range(0, spec.physicians(), 1, spec.parts())
        .withColumnRenamed("id", Practitioners.IDX)
        .join(broadcast(physicians), Practitioners.IDX);
  }

  /**
   * One row per patient, in physician then list order: the physician's columns, {@link #PID},
   * the contract columns of {@code patients.csv} (typed), {@link #EMPLOYED},
   * {@link #DAILY_RATE} and {@link #LINKS}.
   */
  public static Dataset<Row> patients(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians) {
    return withPatients(spec, physicianStream(spark, spec, physicians)
        .where(col(Practitioners.LIST_SIZE).gt(0))
        .withColumn(RANK, explode(sequence(lit(0), col(Practitioners.LIST_SIZE).minus(1)))));
  }

  /** Adds the patient columns to rows holding a physician and a {@link #RANK} in his list. */
  static Dataset<Row> withPatients(GenerateSpec spec, Dataset<Row> rows) {
    Draws d = new Draws(spec.seed());
    Column pid = col(PID);
    Dataset<Row> withPid = rows.withColumn(PID, col(Practitioners.IDX)
        .multiply(Ids.PATIENTS_PER_PHYSICIAN).plus(col(RANK)));
    Dataset<Row> core = withCore(withPid.withColumn(Patients.PATIENT_ID,
        Ids.patient(pid, spec.seed())), d, spec, pid, null);
    return links(withC2s(core, d, spec, pid, col(Practitioners.FRAGILITY)), d, spec);
  }

  private static final String START1 = "link_start";
  private static final String END1 = "link_end";
  private static final String OTHER = "link_other";
  private static final String START2 = "link_other_start";

  /** Adds {@link #LINKS}: the médecin-traitant links of the patient with the row's GP. */
  private static Dataset<Row> links(Dataset<Row> df, Draws d, GenerateSpec spec) {
    Column pid = col(PID);
    Column gp = col(Practitioners.IDX);
    Column install = col(org.ijcampaign.schema.Physicians.INSTALLATION_DATE);
    Column dataStart = day(spec.dataStart());
    Column dataEnd = day(spec.dataEnd());
    Column lower = greatest(install, make_date(col(Patients.BIRTH_YEAR).plus(18), lit(1),
        lit(1)));
    Column beforeEnd = day(spec.dataStart().minusDays(1));
    Column before = lower.leq(beforeEnd)
        .and(d.bernoulli("link.before", Calibration.LINK_BEFORE_SHARE, pid))
        .and(col(Practitioners.IS_NEW).unary_$bang());
    Column start = when(before, dateBetween(d, "link.start", lower, beforeEnd, pid))
        .otherwise(dateBetween(d, "link.start", greatest(lower, dataStart), dataEnd, pid));
    Column endFrom = greatest(date_add(col(START1), 30), dataStart);
    Column ends = d.bernoulli("link.ends", Calibration.LINK_END_SHARE, pid)
        .and(endFrom.leq(dataEnd));
    Column other = pmod(floor(d.uniform("link.other", pid).multiply(spec.gps() - 1))
        .cast("long").plus(gp).plus(1), lit((long) spec.gps()));
    Column switches = col(END1).isNotNull()
        .and(d.bernoulli("link.switch", Calibration.LINK_SWITCH_SHARE, pid))
        .and(col(START2).leq(dataEnd))
        .and(col(START2).geq(Practitioners.installationDate(d, spec, col(OTHER))));
    Column first = struct(gp.as(LINK_GP), lit(0).as(LINK_NO), col(START1).as(LINK_START),
        col(END1).as(LINK_END));
    Column second = struct(col(OTHER).as(LINK_GP), lit(1).as(LINK_NO),
        col(START2).as(LINK_START), lit(null).cast("date").as(LINK_END));
    return df.withColumn(START1, start)
        .withColumn(END1, when(ends, dateBetween(d, "link.end", endFrom, dataEnd, pid)))
        .withColumn(OTHER, other)
        .withColumn(START2, date_add(col(END1), d.integer("link.gap", 1, 60, pid)))
        .withColumn(LINKS, when(switches, array(first, second)).otherwise(array(first)))
        .drop(START1, END1, OTHER, START2);
  }
}
