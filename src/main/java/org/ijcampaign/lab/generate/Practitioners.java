package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.Physicians;

/**
 * The physicians, one row each, with everything the rest of the generator needs to know about
 * them: the landing columns of {@code physicians.csv} (typed), and the planted truth — the
 * practice multiplier, the over-prescriber factor, the per-semester shocks, the 2023 campaign
 * event and its true effect, the replacement contracts and their substitutes, the exchange
 * before the 2025-2026 campaign. GPs are numbered {@code 0 .. gps-1}, specialists after them.
 *
 * <p>Attributes that other rows must be able to recompute (whether a GP is newly installed, his
 * list size, his installation date) are pure functions of his number, see {@link #isNew},
 * {@link #listSize}, {@link #installationDate}; selections of an exact count (over-prescribers,
 * replaced GPs, the 2023 campaign, exchanges) rank GPs by a draw, which needs a window over this
 * table of one row per physician (60,000 nationally).
 */
public final class Practitioners {
  private Practitioners() {}

  public static final String IDX = "phys_idx";
  public static final String PART = "part";
  public static final String IS_GP = "is_gp";
  public static final String IS_NEW = "is_new";
  public static final String LIST_SIZE = "list_size";
  public static final String PRACTICE = "practice_multiplier";
  public static final String OVER = "over_prescriber";
  public static final String OVER_FACTOR = "over_factor";
  public static final String MULTIPLIER = "true_multiplier";
  public static final String SHOCKS = "shocks";
  public static final String LATENT_SELECTION = "latent_2022s2";
  /** 2022S2 MALADIE days the GP himself prescribed, per list patient: what selected him. */
  public static final String OBSERVED_SELECTION = "observed_2022s2";
  public static final String TREAT_EVENT = "campaign_2023_event";
  public static final String TREAT_DATE = "campaign_2023_date";
  public static final String TREAT_FACTOR = "treatment_multiplier";
  public static final String OBJECTIVE = "objective_ij_per_patient";
  public static final String OUTCOME = "outcome";
  public static final String REPLACED = "replaced";
  public static final String C1_START = "c1_start";
  public static final String C1_END = "c1_end";
  public static final String C1_FACTOR = "c1_factor";
  public static final String C1_SUBSTITUTE = "c1_substitute";
  public static final String C2_START = "c2_start";
  public static final String C2_END = "c2_end";
  public static final String C2_FACTOR = "c2_factor";
  public static final String C2_SUBSTITUTE = "c2_substitute";
  public static final String MULT_MAX = "multiplier_max";
  public static final String EXCHANGE_DATE = "exchange_date";
  public static final String WALK_IN_RATE = "walk_in_rate";
  public static final String COMMUNE = IrisIndicators.COMMUNE_CODE;
  public static final String FRAGILITY = Geography.FRAGILITY;
  public static final String APL_LATEST = Geography.APL_LATEST;

  private static final String U_PLACE = "u_place";
  private static final String RANK = "rank";

  /** Newly installed: after 1 January two years before the last year (a pure function). */
  static Column isNew(Draws d, GenerateSpec spec, Column idx) {
    return idx.lt(spec.gps()).and(d.bernoulli("gp.new", Calibration.NEW_GP_SHARE, idx));
  }

  /** Adult médecin-traitant patients on the list (0 for specialists; a pure function). */
  static Column listSize(Draws d, GenerateSpec spec, Column idx) {
    Column established = least(lit(Calibration.LIST_MAX), greatest(lit(50),
        round(d.lognormal("gp.list", Calibration.LIST_MEDIAN, Calibration.LIST_SIGMA, idx))));
    Column recent = least(lit(Calibration.NEW_LIST_MAX), greatest(lit(10),
        round(d.lognormal("gp.list", Calibration.NEW_LIST_MEDIAN, Calibration.NEW_LIST_SIGMA,
            idx))));
    return when(idx.geq(spec.gps()), lit(0))
        .when(isNew(d, spec, idx), recent).otherwise(established).cast("int");
  }

  static Column birthYear(Draws d, GenerateSpec spec, Column idx) {
    return when(isNew(d, spec, idx), d.integer("gp.birth", 1984, 1995, idx))
        .otherwise(d.integer("gp.birth", spec.firstYear() - 68, spec.firstYear() - 33, idx));
  }

  /** Installation date (a pure function): recent for new GPs, before the first year else. */
  static Column installationDate(Draws d, GenerateSpec spec, Column idx) {
    LocalDate newFrom = LocalDate.of(spec.lastYear() - 2, 1, 2);
    LocalDate newTo = LocalDate.of(spec.lastYear(), 6, 30);
    Column recent = date_add(lit(java.sql.Date.valueOf(newFrom)),
        d.integer("gp.install", 0, (int) (newTo.toEpochDay() - newFrom.toEpochDay()), idx));
    Column year = birthYear(d, spec, idx);
    Column installYear = least(lit(spec.firstYear() - 1),
        year.plus(d.integer("gp.install.age", 29, 40, idx)));
    Column older = make_date(installYear, d.integer("gp.install.month", 1, 12, idx),
        d.integer("gp.install.day", 1, 28, idx));
    return when(isNew(d, spec, idx), recent).otherwise(older);
  }

  /** The claim-file part (generation task) of a physician: Spark's split of the range. */
  static Column part(GenerateSpec spec, Column idx) {
    return floor(idx.plus(1).multiply(spec.parts()).minus(1).divide(spec.physicians()))
        .cast("int");
  }

  /**
   * The physician table of {@code spec}, placed in {@code geography}'s IRIS by population,
   * before the 2023 campaign ({@link #withCampaignOnObserved} adds it and the exchanges).
   * Small (one row per physician) and used by every other table: cache it.
   */
  public static Dataset<Row> build(SparkSession spark, GenerateSpec spec, Geography geography) {
    Draws d = new Draws(spec.seed());
    Column idx = col(IDX);
    int n = spec.gps();
    Dataset<Row> base = spark.range(0, spec.physicians()).withColumnRenamed("id", IDX)
        .withColumn(IS_GP, idx.lt(n))
        .withColumn(PART, part(spec, idx))
        .withColumn(Physicians.PHYSICIAN_ID, Ids.rpps(idx, spec.seed()))
        .withColumn(Physicians.SPECIALTY_CODE, when(col(IS_GP), lit(Physicians.GENERAL_PRACTICE))
            .otherwise(element_at(org.apache.spark.sql.functions.array(
                java.util.Arrays.stream(Calibration.SPECIALTIES).map(s -> lit(s))
                    .toArray(Column[]::new)),
                d.integer("gp.specialty", 1, Calibration.SPECIALTIES.length, idx))))
        .withColumn(Physicians.EXERCISE_MODE, when(d.bernoulli("gp.mode",
            Calibration.LIBERAL_SHARE, idx), lit(Physicians.LIBERAL))
            .otherwise(lit(Physicians.SALARIED_CENTER)))
        .withColumn(IS_NEW, isNew(d, spec, idx))
        .withColumn(LIST_SIZE, listSize(d, spec, idx))
        .withColumn(Physicians.INSTALLATION_DATE, installationDate(d, spec, idx))
        .withColumn(Physicians.BIRTH_YEAR, birthYear(d, spec, idx))
        .withColumn(Physicians.SEX, when(d.bernoulli("gp.sex",
            when(col(IS_NEW), 0.6).otherwise(0.45), idx), lit("F")).otherwise(lit("M")))
        .withColumn(PRACTICE, d.meanOne("gp.practice", spec.scenario().practiceSigma(), idx))
        .withColumn(SHOCKS, shocks(d, spec, idx))
        .withColumn(U_PLACE, d.uniform("gp.place", idx));

    Dataset<Row> placed = WeightedPick.pick(base, U_PLACE, geography.iris(),
            IrisIndicators.IRIS_CODE, Geography.WEIGHT)
        .withColumnRenamed(IrisIndicators.IRIS_CODE, Physicians.PRACTICE_IRIS)
        .drop(U_PLACE, IrisIndicators.POPULATION, IrisIndicators.MEDIAN_INCOME_EUR,
            IrisIndicators.POVERTY_RATE, IrisIndicators.UNEMPLOYMENT_RATE,
            IrisIndicators.MANUAL_WORKER_SHARE, IrisIndicators.SINGLE_PARENT_SHARE,
            Geography.WEIGHT);

    Dataset<Row> over = ranked(placed, col(IS_GP).and(col(IS_NEW).unary_$bang()),
        d.uniform("gp.over", idx), overPrescribers(spec), OVER)
        .withColumn(OVER_FACTOR, when(col(OVER), d.between("gp.over.factor",
            spec.scenario().overFactorMin(), spec.scenario().overFactorMax(), idx))
            .otherwise(lit(1.0)))
        .withColumn(MULTIPLIER, col(PRACTICE).multiply(col(OVER_FACTOR)));

    Dataset<Row> replaced = replacements(d, spec,
        ranked(over, col(IS_GP).and(col(IS_NEW).unary_$bang()).and(col(OVER).unary_$bang()),
            d.uniform("gp.replaced", idx), spec.scaled(Calibration.REPLACED_SHARE
                * Calibration.NATIONAL_GPS, 2), REPLACED));

    // The 2023 campaign and the exchanges come later (withCampaignOnObserved): the campaign is
    // chosen on the 2022S2 days of claims generated from this table without any treatment.
    Column shockMax = array_max(col(SHOCKS));
    return replaced
        .withColumn(MULT_MAX, greatest(col(MULTIPLIER).multiply(shockMax),
            coalesce(col(C1_FACTOR), lit(0.0)), coalesce(col(C2_FACTOR), lit(0.0))))
        .withColumn(WALK_IN_RATE, when(col(IS_GP), col(LIST_SIZE).multiply(
                Calibration.WALK_IN_RATIO * Calibration.STOP_RATE * WALK_IN_LIST_FACTOR))
            .otherwise(lit(Calibration.SPECIALIST_STOPS_PER_YEAR)));
  }

  /**
   * Walk-in stops per list patient relative to own-list stops per active patient: the share of
   * active patients on a list times their mean intensity factor, divided by the share of
   * drawn walk-in patients who are active (the others are rejected).
   */
  static final double WALK_IN_LIST_FACTOR = 0.5 * 1.4 / 0.45;

  /**
   * Marks with {@code flag} the first {@code count} rows that satisfy {@code eligible}, in the
   * order of {@code order} (ties by physician number), so the count is exact.
   */
  static Dataset<Row> ranked(Dataset<Row> df, Column eligible, Column order, int count,
      String flag) {
    return df.withColumn(RANK, row_number().over(Window.orderBy(
            when(eligible, 0).otherwise(1), order, col(IDX))))
        .withColumn(flag, eligible.and(col(RANK).leq(count)))
        .drop(RANK);
  }

  private static Column dateLit(String iso) {
    return to_date(lit(iso));
  }

  private static Column day(LocalDate date) {
    return lit(java.sql.Date.valueOf(date));
  }

  /** One or two replacement contracts of 1–3 months for the replaced GPs. */
  private static Dataset<Row> replacements(Draws d, GenerateSpec spec, Dataset<Row> df) {
    Column idx = col(IDX);
    LocalDate lastFrom = LocalDate.of(spec.lastYear(), 1, 1);
    LocalDate lastTo = LocalDate.of(spec.lastYear(), 10, 31);
    LocalDate earlyFrom = spec.dataStart();
    LocalDate earlyTo = LocalDate.of(Math.max(spec.firstYear(), spec.lastYear() - 1), 10, 31);
    Column start1 = when(d.bernoulli("repl.last", Calibration.CONTRACT_IN_LAST_YEAR_SHARE, idx),
        date_add(day(lastFrom), d.integer("repl.start", 0, days(lastFrom, lastTo), idx)))
        .otherwise(date_add(day(earlyFrom), d.integer("repl.start", 0,
            days(earlyFrom, earlyTo), idx)));
    Column length1 = d.integer("repl.length", Calibration.CONTRACT_MIN_DAYS,
        Calibration.CONTRACT_MAX_DAYS, idx);
    Column start2 = date_add(col(C1_START), d.integer("repl.start2", -425, -305, idx));
    Column hasSecond = col(REPLACED)
        .and(d.bernoulli("repl.second", Calibration.SECOND_CONTRACT_SHARE, idx))
        .and(start2.geq(day(spec.dataStart())));
    Column nullDate = lit(null).cast("date");
    Column nullDouble = lit(null).cast("double");
    return df
        .withColumn(C1_START, when(col(REPLACED), start1).otherwise(nullDate))
        .withColumn(C1_END, when(col(REPLACED), least(day(spec.dataEnd()),
            date_add(col(C1_START), length1.minus(1)))).otherwise(nullDate))
        .withColumn(C1_FACTOR, when(col(REPLACED), d.between("repl.factor",
            Calibration.SUBSTITUTE_FACTOR_MIN, Calibration.SUBSTITUTE_FACTOR_MAX, idx))
            .otherwise(nullDouble))
        .withColumn(C1_SUBSTITUTE, when(col(REPLACED), substitute(d, spec, idx, 1)))
        .withColumn(C2_START, when(hasSecond, start2).otherwise(nullDate))
        .withColumn(C2_END, when(hasSecond, date_add(col(C2_START), d.integer("repl.length2",
            Calibration.CONTRACT_MIN_DAYS, Calibration.CONTRACT_MAX_DAYS, idx).minus(1)))
            .otherwise(nullDate))
        .withColumn(C2_FACTOR, when(hasSecond, d.between("repl.factor2",
            Calibration.SUBSTITUTE_FACTOR_MIN, Calibration.SUBSTITUTE_FACTOR_MAX, idx))
            .otherwise(nullDouble))
        .withColumn(C2_SUBSTITUTE, when(hasSecond, substitute(d, spec, idx, 2)));
  }

  /** Mostly an RPPS outside physicians.csv; sometimes another GP of the file. */
  private static Column substitute(Draws d, GenerateSpec spec, Column idx, int contract) {
    Column other = pmod(floor(d.uniform("repl.colleague." + contract, idx)
        .multiply(spec.gps() - 1)).cast("long").plus(idx).plus(1), lit((long) spec.gps()));
    return when(d.bernoulli("repl.known." + contract, Calibration.SUBSTITUTE_KNOWN_SHARE, idx),
        Ids.rpps(other, spec.seed()))
        .otherwise(Ids.rpps(idx.multiply(2).plus(contract - 1).plus(Ids.SUBSTITUTE_BASE),
            spec.seed()));
  }

  private static int days(LocalDate from, LocalDate to) {
    return (int) (to.toEpochDay() - from.toEpochDay());
  }

  /** The shock of the semester {@code year}/{@code half}, or 1 outside the simulated span. */
  static Column shockOf(GenerateSpec spec, int year, int half) {
    int i = spec.semesterIndex(year, half);
    return i < 0 || i >= spec.semesters() ? lit(1.0) : element_at(col(SHOCKS), i + 1);
  }

  /**
   * The latent 2022S2 intensity (true multiplier × that semester's shock): written in the
   * truth beside the observed rate the campaign was chosen on.
   */
  private static Column latentSelection(GenerateSpec spec) {
    return col(MULTIPLIER).multiply(
        shockOf(spec, Calibration.CAMPAIGN_2023_YEAR, Calibration.CAMPAIGN_2023_HALF));
  }

  /**
   * The 2023 campaign chosen as the real one was, on an observed 2022S2 rate: {@code observed}
   * holds, per physician {@link #IDX}, the 2022S2 MALADIE days of his own prescriptions (outside
   * replacement contracts) in claims generated without any treatment; divided by his list, it
   * ranks the eligible GPs. Claims before the treatment's start do not depend on it, so the
   * final claims carry exactly the days the GPs were chosen on, and a comparison on the observed
   * baseline (the evaluation's matching) meets the same selection the data does.
   */
  public static Dataset<Row> withCampaignOnObserved(GenerateSpec spec, Dataset<Row> physicians,
      Dataset<Row> observed) {
    Draws d = new Draws(spec.seed());
    Dataset<Row> base = physicians
        .join(observed, physicians.col(IDX).equalTo(observed.col("_obs_idx")), "left")
        .withColumn(OBSERVED_SELECTION, when(col(LIST_SIZE).gt(0),
            coalesce(col("_obs_days"), lit(0L)).divide(col(LIST_SIZE))))
        .drop("_obs_idx", "_obs_days");
    return exchanges(d, spec, campaign2023(d, spec, base));
  }

  /** The first day of the semester the 2023 campaign was chosen on (2022S2). */
  public static final java.time.LocalDate SELECTION_START =
      java.time.LocalDate.of(Calibration.CAMPAIGN_2023_YEAR, 7, 1);
  /** The last day of the semester the 2023 campaign was chosen on (2022S2). */
  public static final java.time.LocalDate SELECTION_END =
      java.time.LocalDate.of(Calibration.CAMPAIGN_2023_YEAR, 12, 31);

  /**
   * The claims {@link #observedDays} needs of the untreated {@code physicians}: those of the
   * MALADIE stops started by the end of 2022S2 and running in it (no other stop pays one of its
   * MALADIE days), started by a GP. A specialist's stops are left out: he has no list, hence no
   * observed rate, and a stop he starts is prolonged by no GP.
   */
  static Dataset<Row> selectionClaims(SparkSession spark, GenerateSpec spec,
      Dataset<Row> physicians) {
    return SickLeave.claims(spark, spec, physicians, physicians.where(col(IS_GP)),
        SELECTION_END, SELECTION_START);
  }

  /** Per physician idx ({@code _obs_idx}): his own 2022S2 MALADIE days ({@code _obs_days}). */
  public static Dataset<Row> observedDays(Dataset<Row> claims, Dataset<Row> physicians) {
    Column from = dateLit(SELECTION_START.toString());
    Column to = dateLit(SELECTION_END.toString());
    Column date = col(org.ijcampaign.schema.Claims.PRESCRIPTION_DATE);
    Column inContract = date.between(col(C1_START), col(C1_END))
        .or(date.between(col(C2_START), col(C2_END)));
    // keep, not where: a filter on the risk would be pushed down to the candidate stops with
    // the risk's whole expression (the patient's sex and age, a walk-in's list size) inlined,
    // and evaluated there for every candidate, several times (a seventh of this pass's CPU).
    return SickLeave.keep(claims, col(org.ijcampaign.schema.Claims.RISK)
            .equalTo(org.ijcampaign.schema.Claims.MALADIE)
            .and(col(org.ijcampaign.schema.Claims.PERIOD_START).between(from, to)))
        .join(physicians.select(col(IDX), col(C1_START), col(C1_END), col(C2_START),
            col(C2_END)), col(SickLeave.PRESCRIBER_IDX).equalTo(col(IDX)))
        .where(coalesce(inContract, lit(false)).unary_$bang())
        .groupBy(col(IDX).as("_obs_idx"))
        .agg(org.apache.spark.sql.functions.sum(col(org.ijcampaign.schema.Claims.PAID_DAYS))
            .as("_obs_days"));
  }

  /**
   * The 2023 campaign: the established GPs with the highest {@link #OBSERVED_SELECTION} were
   * retained; MSO, MSAP and refused MSO in the national proportions; a true effect on
   * prescribing from {@link Calibration#EFFECT_FROM}.
   */
  private static Dataset<Row> campaign2023(Draws d, GenerateSpec spec, Dataset<Row> df) {
    Column idx = col(IDX);
    int mso = spec.scaledCampaign(Calibration.CAMPAIGN_2023_MSO, 1);
    int msap = spec.scaledCampaign(Calibration.CAMPAIGN_2023_MSAP, 1);
    int retained = Math.max(spec.scaledCampaign(Calibration.CAMPAIGN_2023_RETAINED, 3), mso + msap + 1);
    Column eligible = col(IS_GP).and(col(IS_NEW).unary_$bang())
        .and(col(LIST_SIZE).geq(Calibration.CAMPAIGN_2023_MIN_LIST));
    Dataset<Row> selected = ranked(df.withColumn(LATENT_SELECTION, latentSelection(spec)),
        eligible, col(OBSERVED_SELECTION).desc(), retained, "retained_2023");
    Dataset<Row> ordered = selected.withColumn(RANK, row_number().over(Window.orderBy(
        when(col("retained_2023"), 0).otherwise(1), d.uniform("c2023.kind", idx), idx)));
    Column latent = col(LATENT_SELECTION);
    Column reduction = when(latent.geq(3.0), -0.30).when(latent.geq(2.5), -0.25)
        .otherwise(-0.20);
    return ordered
        .withColumn(TREAT_EVENT, when(col("retained_2023").and(col(RANK).leq(mso)),
                lit(CampaignHistory.MSO))
            .when(col("retained_2023").and(col(RANK).leq(mso + msap)), lit(CampaignHistory.MSAP))
            .when(col("retained_2023"), lit(CampaignHistory.MSO_REFUSED)))
        .withColumn(TREAT_DATE, when(col(TREAT_EVENT).isNotNull(),
            date_add(dateLit(Calibration.CAMPAIGN_2023_NOTIFIED_FROM),
                d.integer("c2023.date", 0, Calibration.CAMPAIGN_2023_NOTIFIED_DAYS, idx))))
        .withColumn(TREAT_FACTOR, when(col(TREAT_EVENT).equalTo(CampaignHistory.MSO),
                lit(Calibration.MSO_EFFECT))
            .when(col(TREAT_EVENT).equalTo(CampaignHistory.MSAP), lit(Calibration.MSAP_EFFECT))
            .when(col(TREAT_EVENT).equalTo(CampaignHistory.MSO_REFUSED),
                lit(Calibration.MSO_REFUSED_EFFECT))
            .otherwise(lit(1.0)))
        .withColumn(OBJECTIVE, when(col(TREAT_EVENT).equalTo(CampaignHistory.MSO),
            round(latent.multiply(Calibration.NOMINAL_RATE).multiply(reduction.plus(1)), 1)))
        .withColumn(OUTCOME, when(col(TREAT_EVENT).equalTo(CampaignHistory.MSO),
            when(d.bernoulli("c2023.outcome", Calibration.MSO_REACHED_SHARE, idx),
                lit(CampaignHistory.REACHED)).otherwise(lit(CampaignHistory.NOT_REACHED))))
        .drop(RANK, "retained_2023");
  }

  /** Planted over-prescribers: the scenario's share of N, at least 2. */
  private static int overPrescribers(GenerateSpec spec) {
    return spec.scaled(spec.scenario().overPrescriberShare() * Calibration.NATIONAL_GPS, 2);
  }

  /**
   * Each GP's shocks, one per simulated semester, lognormal of mean one. Independent across
   * semesters unless the scenario correlates them: then the log shocks follow an AR(1),
   * e_s = rho·e_(s-1) + sqrt(1 - rho^2)·z_s from e_0 = z_0, which keeps their marginal sd, over
   * the same standard normal draws z_s (so rho = 0 gives the independent shocks exactly). A
   * year shock mixes in a share q of the variance common to a calendar year's two semesters:
   * sqrt(1 - q)·e_s + sqrt(q)·u_year, the sd again unchanged. A drift of practice adds
   * g·(s - c)/2 to the log, g the GP's yearly drift and c the middle of the claims' semesters:
   * a level that moves, not a shock of mean one.
   */
  static Column shocks(Draws d, GenerateSpec spec, Column idx) {
    double sigma = spec.scenario().shockSigma();
    double rho = spec.scenario().shockCorrelation();
    double q = spec.scenario().yearShockShare();
    double drift = spec.scenario().practiceDriftSigma();
    double middle = (spec.semesterIndex(spec.firstYear(), 1)
        + spec.semesterIndex(spec.lastYear(), 2)) / 2.0;
    if (rho == 0 && q == 0 && drift == 0) {
      return transform(sequence(lit(0), lit(spec.semesters() - 1)),
          s -> d.meanOne("gp.shock", sigma, idx, s));
    }
    double innovation = StrictMath.sqrt(1 - rho * rho);
    Column[] shocks = new Column[spec.semesters()];
    Column e = null;
    for (int s = 0; s < shocks.length; s++) {
      Column z = d.normal("gp.shock", idx, lit(s));
      e = e == null ? z : e.multiply(rho).plus(z.multiply(innovation));
      // Semesters 2k and 2k + 1 are one calendar year's (the array starts on a 1 January).
      Column x = q == 0 ? e : e.multiply(StrictMath.sqrt(1 - q))
          .plus(d.normal("gp.year-shock", idx, lit(s / 2)).multiply(StrictMath.sqrt(q)));
      Column logShock = x.multiply(sigma).minus(sigma * sigma / 2);
      if (drift > 0) {
        logShock = logShock.plus(d.normal("gp.drift", idx).multiply(drift * (s - middle) / 2));
      }
      shocks[s] = org.apache.spark.sql.functions.exp(logShock);
    }
    return org.apache.spark.sql.functions.array(shocks);
  }

  /**
   * Exchanges before the 2025-2026 campaign: most planted over-prescribers, then GPs of high
   * latent intensity in the last year, then GPs at random, each exchange dated in the wave 1
   * window, the wave 2 window or an older one (outside the look-back).
   */
  private static Dataset<Row> exchanges(Draws d, GenerateSpec spec, Dataset<Row> df) {
    Column idx = col(IDX);
    int over = overPrescribers(spec);
    int overWithout = Math.max(1,
        (int) Math.round(over * Calibration.OVER_WITHOUT_EXCHANGE_SHARE));
    int overWith = over - overWithout;
    int total = Math.max(spec.scaled(Calibration.EXCHANGES, 5), overWith);
    int high = (int) Math.round((total - overWith) * Calibration.EXCHANGES_TO_HIGH_SHARE);
    int random = total - overWith - high;
    Column recent = col(MULTIPLIER).multiply(shockOf(spec, spec.lastYear() - 1, 2)
        .plus(shockOf(spec, spec.lastYear(), 1)).divide(2));
    Dataset<Row> a = ranked(df, col(OVER), d.uniform("exch.over", idx), overWith, "exch_a");
    Column others = col(IS_GP).and(col(OVER).unary_$bang()).and(col(TREAT_EVENT).isNull());
    Dataset<Row> b = ranked(a, others, recent.desc(), high, "exch_b");
    Dataset<Row> c = ranked(b, others.and(col("exch_b").unary_$bang()),
        d.uniform("exch.random", idx), random, "exch_c");
    Column u = d.uniform("exch.window", idx);
    Column wave1 = window(d, "exch.date1", idx, Calibration.WAVE1_FROM, Calibration.WAVE1_TO);
    Column wave2 = window(d, "exch.date2", idx, Calibration.WAVE2_FROM, Calibration.WAVE2_TO);
    Column old = window(d, "exch.date0", idx, Calibration.OLD_EXCHANGE_FROM,
        Calibration.OLD_EXCHANGE_TO);
    Column date = when(u.lt(Calibration.WAVE1_EXCHANGE_SHARE), wave1)
        .when(u.lt(Calibration.WAVE1_EXCHANGE_SHARE + Calibration.WAVE2_EXCHANGE_SHARE), wave2)
        .otherwise(old);
    return c.withColumn(EXCHANGE_DATE, when(col("exch_a").or(col("exch_b")).or(col("exch_c")),
            date))
        .drop("exch_a", "exch_b", "exch_c");
  }

  private static Column window(Draws d, String salt, Column idx, String from, String to) {
    int span = days(LocalDate.parse(from), LocalDate.parse(to));
    return date_add(dateLit(from), d.integer(salt, 0, span, idx));
  }
}
