package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.RowBuilder;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;

/**
 * The planted truth, written beside the landing zone in {@code truth/} (never inside it): what
 * a pipeline should find. See docs/generator.md for every file and column. The per-entity
 * tables are datasets; the totals (rows written, in-scope days, magnitudes) come from tallies
 * the writers of the large landing files keep ({@link ClaimTally}, {@link PatientTally}), so
 * nothing is generated twice.
 */
public final class Truth {
  private Truth() {}

  public static final String PHYSICIANS_FILE = "physicians_truth.csv";
  public static final String SHOCKS_FILE = "gp_semester_intensity.csv";
  public static final String CONTRACTS_FILE = "replacement_contracts.csv";
  public static final String IN_SCOPE_FILE = "in_scope_days.csv";
  public static final String PLANTED_FILE = "planted_bad_rows.csv";
  public static final String LANDING_ROWS_FILE = "landing_rows.csv";
  public static final String MAGNITUDES_FILE = "magnitudes.csv";
  public static final String MODEL_FILE = "model.csv";

  private static Column flag(Column c) {
    return when(c, lit("true")).otherwise(lit("false"));
  }

  private static Column number(Column c, int decimals) {
    return LandingRows.plain(c, decimals);
  }

  /**
   * One row per physician: the planted practice, over-prescription, replacement, 2023
   * campaign and treatment, the exchange and the eligibility and wave it gives under the
   * 2025-2026 rules (exchange in the 24 months before 1 September 2025, or a 2023 procedure;
   * wave 1 = procedure or exchange 2023-09-01..2024-07-31, wave 2 = exchange
   * 2024-09-01..2024-12-31).
   */
  public static Dataset<Row> physicians(Dataset<Row> physicians) {
    Column exchange = col(Practitioners.EXCHANGE_DATE);
    Column procedure = col(Practitioners.TREAT_EVENT).isNotNull();
    LocalDate start = LocalDate.parse(Calibration.CAMPAIGN_2025_START);
    Column lookbackFrom = lit(java.sql.Date.valueOf(start.minusMonths(Calibration.LOOKBACK_MONTHS)));
    Column lookbackTo = lit(java.sql.Date.valueOf(start.minusDays(1)));
    Column recentExchange = exchange.between(lookbackFrom, lookbackTo);
    Column wave1 = procedure.or(exchange.between(to_date(lit(Calibration.WAVE1_FROM)),
        to_date(lit(Calibration.WAVE1_TO))));
    Column wave2 = exchange.between(to_date(lit(Calibration.WAVE2_FROM)),
        to_date(lit(Calibration.WAVE2_TO)));
    return physicians.orderBy(Practitioners.IDX).select(
        col(Physicians.PHYSICIAN_ID),
        col(Physicians.SPECIALTY_CODE),
        flag(col(Practitioners.IS_NEW)).as(Practitioners.IS_NEW),
        col(Practitioners.LIST_SIZE).cast("string").as(Practitioners.LIST_SIZE),
        number(col(Practitioners.PRACTICE), 6).as(Practitioners.PRACTICE),
        flag(col(Practitioners.OVER)).as(Practitioners.OVER),
        number(col(Practitioners.OVER_FACTOR), 6).as(Practitioners.OVER_FACTOR),
        number(col(Practitioners.MULTIPLIER), 6).as(Practitioners.MULTIPLIER),
        flag(col(Practitioners.REPLACED)).as(Practitioners.REPLACED),
        number(col(Practitioners.LATENT_SELECTION), 6).as(Practitioners.LATENT_SELECTION),
        number(col(Practitioners.OBSERVED_SELECTION), 6).as(Practitioners.OBSERVED_SELECTION),
        col(Practitioners.TREAT_EVENT),
        number(col(Practitioners.TREAT_FACTOR), 6).as(Practitioners.TREAT_FACTOR),
        number(log(col(Practitioners.TREAT_FACTOR)), 6).as("treatment_log_effect"),
        LandingRows.date(col(Practitioners.EXCHANGE_DATE)).as(Practitioners.EXCHANGE_DATE),
        flag(procedure.or(recentExchange.isNotNull().and(recentExchange)))
            .as("eligible_2025_2026"),
        when(wave1.isNotNull().and(wave1), lit("1"))
            .when(wave2.isNotNull().and(wave2), lit("2")).as("wave_2025_2026"));
  }

  /** One row per GP and written semester: his shock and latent intensity (× multiplier × treatment). */
  public static Dataset<Row> semesterIntensity(GenerateSpec spec, Dataset<Row> physicians) {
    List<Period> semesters = Period.semestersBetween(spec.dataStart(), spec.dataEnd());
    int first = spec.semesterIndex(spec.firstYear(), 1);
    Column[] labels = semesters.stream().map(p -> lit(p.label())).toArray(Column[]::new);
    Column effect = to_date(lit(Calibration.EFFECT_FROM));
    return physicians.where(col(Practitioners.IS_GP))
        .select(col(Practitioners.IDX), col(Physicians.PHYSICIAN_ID),
            col(Practitioners.MULTIPLIER), col(Practitioners.TREAT_FACTOR),
            posexplode(org.apache.spark.sql.functions.slice(col(Practitioners.SHOCKS),
                first + 1, semesters.size())))
        .withColumn("semester", element_at(org.apache.spark.sql.functions.array(labels),
            col("pos").plus(1)))
        .withColumn("semester_start", org.apache.spark.sql.functions.to_date(
            org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.substring(
                col("semester"), 1, 4), when(col("pos").mod(2).equalTo(0), lit("-01-01"))
                .otherwise(lit("-07-01")))))
        .orderBy(col(Practitioners.IDX), col("pos"))
        .select(col(Physicians.PHYSICIAN_ID), col("semester"),
            number(col("col"), 6).as("shock"),
            number(col(Practitioners.MULTIPLIER).multiply(col("col")).multiply(
                when(col("semester_start").geq(effect), col(Practitioners.TREAT_FACTOR))
                    .otherwise(lit(1.0))), 6).as("latent_intensity"));
  }

  /** The replacement contracts with their substitute's factor and whether he is a known GP. */
  public static Dataset<Row> contracts(Dataset<Row> physicians) {
    Dataset<Row> known = physicians.select(col(Physicians.PHYSICIAN_ID).as("known_id"));
    Dataset<Row> c = LandingRows.contracts(physicians);
    return c.join(known, c.col(LandingRows.CONTRACT_SUBSTITUTE).equalTo(known.col("known_id")),
            "left")
        .orderBy(col(Practitioners.IDX), col(LandingRows.CONTRACT_START))
        .select(col(Physicians.PHYSICIAN_ID).as("titular_id"),
            col(LandingRows.CONTRACT_SUBSTITUTE).as("substitute_id"),
            LandingRows.date(col(LandingRows.CONTRACT_START)).as("start_date"),
            LandingRows.date(col(LandingRows.CONTRACT_END)).as("end_date"),
            number(col(LandingRows.CONTRACT_FACTOR), 6).as("substitute_multiplier"),
            flag(col("known_id").isNotNull()).as("substitute_in_physicians"));
  }

  // ---- Pro-rated sums (the claim tally's arithmetic, in SQL) ------------------------------

  /** Pro-rated values are summed in millionths, as longs: exact, whatever the order. */
  static final long MICRO = 1_000_000L;

  /**
   * {@code units} (a long per claim: paid days, or the amount in cents) inside
   * {@code [from, to]}, pro-rated day by day as the profile does ({@code × days inside / calendar
   * days}, docs/method.md "Profile"), in millionths of a day (of a euro for cents: × 10,000),
   * rounded half up per claim.
   */
  static Column proRatedMicro(Column units, long microPerUnit, LocalDate from, LocalDate to) {
    Column start = col(Claims.PERIOD_START);
    Column end = col(Claims.PERIOD_END);
    Column inside = greatest(lit(0), datediff(least(end, lit(java.sql.Date.valueOf(to))),
        greatest(start, lit(java.sql.Date.valueOf(from)))).plus(1)).cast("long");
    Column calendar = datediff(end, start).plus(1).cast("long");
    Column scaled = units.cast("long").multiply(inside).multiply(2 * microPerUnit);
    return floor(scaled.plus(calendar).divide(calendar.multiply(2))).cast("long");
  }

  static Column microDays(LocalDate from, LocalDate to) {
    return proRatedMicro(col(Claims.PAID_DAYS), MICRO, from, to);
  }

  static Column microEuros(LocalDate from, LocalDate to) {
    Column cents = col(Claims.AMOUNT_EUR).multiply(100).cast("long");
    return proRatedMicro(cents, MICRO / 100, from, to);
  }

  static Column maladie() {
    return col(Claims.RISK).equalTo(Claims.MALADIE);
  }

  private static Column sumIf(Column condition, Column value) {
    return sum(when(condition, value).otherwise(lit(0L)));
  }

  /**
   * {@code in_scope_days.csv}: per calendar semester, the in-scope paid days and euros
   * (MALADIE, not a reversal nor reversed, accepted), pro-rated day by day, to the millionth:
   * the observed sums over the regular claims less those of the claims quarantined with a
   * planted conflicting copy (planted rows themselves are never in scope).
   */
  public static Dataset<Row> inScopeDays(SparkSession spark, GenerateSpec spec,
      Map<String, Object> claimMetrics, Dataset<Row> victims) {
    List<Period> semesters = Period.semestersBetween(spec.dataStart(), spec.dataEnd());
    List<Column> aggs = new ArrayList<>();
    for (Period p : semesters) {
      aggs.add(sumIf(maladie(), microDays(p.start(), p.end())).as("days_" + p.label()));
      aggs.add(sumIf(maladie(), microEuros(p.start(), p.end())).as("amount_" + p.label()));
    }
    Row lost = victims.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
        .head();
    StructType schema = schema(List.of("semester", "start", "end", "in_scope_days",
        "in_scope_amount_eur"));
    List<Row> rows = new ArrayList<>();
    for (Period p : semesters) {
      BigDecimal days = decimal(claimMetrics.get("days_" + p.label()))
          .subtract(decimal(lost.getAs("days_" + p.label()))).movePointLeft(6);
      BigDecimal amount = decimal(claimMetrics.get("amount_" + p.label()))
          .subtract(decimal(lost.getAs("amount_" + p.label()))).movePointLeft(6);
      rows.add(new RowBuilder(schema).set("semester", p.label())
          .set("start", p.start().toString()).set("end", p.end().toString())
          .set("in_scope_days", days.toPlainString())
          .set("in_scope_amount_eur", amount.toPlainString()).build());
    }
    return spark.createDataFrame(rows, schema);
  }

  static BigDecimal decimal(Object value) {
    return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
  }

  /** A small string table built in the driver (a few dozen rows at most). */
  public static Dataset<Row> table(SparkSession spark, List<String> columns, List<Row> rows) {
    return spark.createDataFrame(rows, schema(columns));
  }

  /** A schema of nullable string columns, for the truth's CSV files. */
  static StructType schema(List<String> columns) {
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(c, DataTypes.StringType);
    }
    return schema;
  }

  /** {@code planted_bad_rows.csv}: landing_file;reason;count. */
  public static Dataset<Row> planted(SparkSession spark, List<Planted.Count> counts) {
    List<Row> rows = counts.stream().map(c -> RowFactory.create(c.landingFile(), c.reason(),
        String.valueOf(c.count()))).toList();
    return table(spark, List.of("landing_file", "reason", "count"), rows);
  }

  /** {@code landing_rows.csv}: landing_file;rows (data lines written, header excluded). */
  public static Dataset<Row> landingRows(SparkSession spark, Map<String, Long> rows) {
    List<Row> out = new ArrayList<>();
    rows.forEach((file, n) -> out.add(RowFactory.create(file, String.valueOf(n))));
    return table(spark, List.of("landing_file", "rows"), out);
  }

  /** {@code magnitudes.csv}: metric;value, the realised figures of the run. */
  public static Dataset<Row> magnitudes(SparkSession spark, GenerateSpec spec,
      Map<String, Object> claims, Map<String, Object> patients) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int y = spec.firstYear(); y <= spec.lastYear(); y++) {
      BigDecimal days = decimal(claims.get("maladie_days_" + y));
      BigDecimal amount = decimal(claims.get("maladie_cents_" + y)).movePointLeft(2);
      BigDecimal gpDays = decimal(claims.get("gp_maladie_days_" + y));
      BigDecimal active = decimal(patients.get("active_patients_" + y));
      m.put("paid_days_" + y, days.setScale(0, RoundingMode.HALF_UP).toPlainString());
      m.put("amount_eur_" + y, amount.setScale(0, RoundingMode.HALF_UP).toPlainString());
      m.put("eur_per_paid_day_" + y, ratio(amount, days, 2));
      m.put("paid_stops_started_" + y, decimal(claims.get("stops_started_" + y)).toPlainString());
      m.put("share_new_stops_over_1_year_" + y, ratio(decimal(claims.get(
          "long_stops_started_" + y)), decimal(claims.get("stops_started_" + y)), 4));
      m.put("share_days_in_stops_over_1_year_" + y, ratio(decimal(claims.get(
          "long_stop_days_" + y)), days, 4));
      m.put("share_amount_in_stops_under_8_days_" + y, ratio(decimal(claims.get(
          "short_stop_cents_" + y)).movePointLeft(2), amount, 4));
      m.put("share_gp_days_to_patients_not_on_list_" + y, ratio(decimal(claims.get(
          "gp_walk_in_days_" + y)), gpDays, 4));
      m.put("share_days_prescribed_by_gps_" + y, ratio(gpDays, days, 4));
      m.put("active_patients_" + y, active.toPlainString());
      m.put("gp_days_per_active_patient_" + y, ratio(gpDays, active, 3));
      m.put("share_active_patients_with_ald_" + y, ratio(decimal(patients.get(
          "active_ald_" + y)), active, 4));
      m.put("share_active_patients_with_c2s_" + y, ratio(decimal(patients.get(
          "active_c2s_" + y)), active, 4));
    }
    m.put("patients", decimal(patients.get("rows")).toPlainString());
    m.put("mt_links", decimal(patients.get("links")).toPlainString());
    m.put("claims_regular_rows", decimal(claims.get("rows")).toPlainString());
    List<Row> rows = new ArrayList<>();
    m.forEach((k, v) -> rows.add(RowFactory.create(k, v)));
    return table(spark, List.of("metric", "value"), rows);
  }

  private static String ratio(BigDecimal a, BigDecimal b, int scale) {
    return b.signum() == 0 ? "" : a.divide(b, scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code model.csv}: the run's parameters and the planted effects. */
  public static Dataset<Row> model(SparkSession spark, GenerateSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", spec.seed());
    m.put("gps", spec.gps());
    m.put("specialists", spec.specialists());
    m.put("first_year", spec.firstYear());
    m.put("last_year", spec.lastYear());
    m.put("claim_files_per_year", spec.parts());
    Scenario scenario = spec.scenario();
    m.put("practice_sigma", scenario.practiceSigma());
    m.put("shock_sigma", scenario.shockSigma());
    m.put("shock_correlation", scenario.shockCorrelation());
    m.put("year_shock_share", scenario.yearShockShare());
    m.put("over_prescriber_share", scenario.overPrescriberShare());
    m.put("over_prescriber_factor_min", scenario.overFactorMin());
    m.put("over_prescriber_factor_max", scenario.overFactorMax());
    m.put("patient_frailty_sigma", scenario.patientFrailtySigma());
    m.put("over_length_share", scenario.overLengthShare());
    m.put("practice_drift_sigma", scenario.practiceDriftSigma());
    m.put("substitute_factor_min", Calibration.SUBSTITUTE_FACTOR_MIN);
    m.put("substitute_factor_max", Calibration.SUBSTITUTE_FACTOR_MAX);
    m.put("treatment_effect_from", Calibration.EFFECT_FROM);
    m.put("mso_multiplier", Calibration.MSO_EFFECT);
    m.put("mso_log_effect", StrictMath.log(Calibration.MSO_EFFECT));
    m.put("msap_multiplier", Calibration.MSAP_EFFECT);
    m.put("msap_log_effect", StrictMath.log(Calibration.MSAP_EFFECT));
    m.put("mso_refused_multiplier", Calibration.MSO_REFUSED_EFFECT);
    m.put("waiting_days", Calibration.WAITING_DAYS);
    List<Row> rows = new ArrayList<>();
    m.forEach((k, v) -> rows.add(RowFactory.create(k, String.valueOf(v))));
    return table(spark, List.of("parameter", "value"), rows);
  }
}
