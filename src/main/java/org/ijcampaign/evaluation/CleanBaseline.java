package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.ingest.SetChecks;
import org.ijcampaign.io.Joins;
import org.ijcampaign.profile.Profiles;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;

/**
 * The figures of the headline estimate (docs/evaluation.md, "The headline estimate"). The
 * treated were chosen on their figures of the selection window, chance included, and a stop
 * carries its chance into every semester it runs through; heavier prescribers may also give
 * longer stops. So a GP's days of a semester are split by the age of their stop — the lag from
 * the semester the stop started in — and stops are compared only with stops of the same age,
 * started after the selection window.
 */
public final class CleanBaseline {
  static final String STOP_KEY = "_stop_key";
  public static final String LAG = "lag";
  public static final String LAG_DAYS = "lag_days";
  public static final String STRATUM = "stratum";
  static final String TREATED = "is_treated";

  private CleanBaseline() {}

  /** A semester's index: two per year, so that lags are differences. */
  static int index(String semester) {
    return Integer.parseInt(semester.substring(0, 4)) * 2
        + (semester.charAt(semester.length() - 1) - '1');
  }

  private static Column index(Column date) {
    return year(date).multiply(2).plus(when(month(date).geq(7), 1).otherwise(0));
  }

  /**
   * Which baseline semesters measure each lag, for a target semester: a lag-ℓ day of baseline
   * semester t comes from a stop started in the semester ℓ before t, which must also lie
   * between the selection and the campaign. Lags 0 to {@code lags − 1}; null when a lag has no
   * such semester.
   */
  public static List<List<String>> baselineByLag(List<String> clean, int lags) {
    List<List<String>> out = new ArrayList<>();
    for (int l = 0; l < lags; l++) {
      List<String> b = new ArrayList<>();
      for (String t : clean) {
        int start = index(t) - l;
        if (clean.stream().anyMatch(c -> index(c) == start)) {
          b.add(t);
        }
      }
      if (b.isEmpty()) {
        return null;
      }
      out.add(b);
    }
    return out;
  }

  /**
   * The lags the campaign could have reached in {@code target}: those of stops started from the
   * semester holding {@code treatmentStartSemester} on.
   */
  public static int affectedLags(String target, String treatmentStartSemester) {
    return Math.max(0, index(target) - index(treatmentStartSemester) + 1);
  }

  /**
   * Per in-scope stop (MALADIE, neither reversal nor reversed; a claim without a stop id is a
   * stop of its own): the index of the semester of its first paid day.
   */
  public static Dataset<Row> stopStarts(Dataset<Row> claims) {
    return claims.where(col(Claims.RISK).equalTo(Claims.MALADIE)
            .and(col(Claims.REVERSAL_OF).isNull())
            .and(col(SetChecks.REVERSED).equalTo(false)))
        .withColumn(STOP_KEY, stopKey())
        .groupBy(STOP_KEY)
        .agg(index(min(Claims.PERIOD_START)).as("_start_index"));
  }

  private static Column stopKey() {
    return coalesce(concat(lit("s:"), col(Claims.STOP_ID)),
        concat(lit("c:"), col(Claims.CLAIM_ID)));
  }

  /**
   * Per period, GP and lag: the pro-rata days of his attributed claims ({@link
   * Profiles#attributedClaims}, whose periods are semesters) by the age of their stop; lags from
   * {@code maxLag} on are counted together as {@code maxLag}.
   */
  public static Dataset<Row> lagDays(Dataset<Row> attributed, Dataset<Row> stopStarts,
      int maxLag) {
    return attributed.withColumn(STOP_KEY, stopKey())
        .join(stopStarts, Joins.on(STOP_KEY))
        .withColumn(LAG, least(lit(maxLag),
            index(col(Profile.PERIOD_START)).minus(col("_start_index"))))
        .groupBy(col(Profile.PERIOD), col(Profiles.ATTRIBUTED_ID).as(Profile.PHYSICIAN_ID),
            col(LAG))
        .agg(sum(Profiles.DAYS).as(LAG_DAYS));
  }

  /**
   * One row per GP and profiled semester, for the GPs profiled in every semester of {@code
   * needed}: his group (the treated's, else {@code ALL_OTHER}), his stratum (his region in the
   * last of them), days and exposure.
   */
  public static Dataset<Row> panel(Dataset<Row> profiles, Dataset<Row> treated,
      List<String> needed) {
    java.util.Set<String> set = new java.util.LinkedHashSet<>(needed);
    String last = needed.get(needed.size() - 1);
    Dataset<Row> profiled = profiles.where(col(Profile.PROFILED));
    Dataset<Row> members = profiled.where(col(Profile.PERIOD).isin(set.toArray()))
        .groupBy(Profile.PHYSICIAN_ID)
        .agg(countDistinct(Profile.PERIOD).as("_n"),
            first(when(col(Profile.PERIOD).equalTo(last), col(Profile.REGION_CODE)), true)
                .as(STRATUM))
        .where(col("_n").equalTo(set.size()))
        .select(col(Profile.PHYSICIAN_ID), coalesce(col(STRATUM), lit("?")).as(STRATUM));
    return profiled.select(Profile.PHYSICIAN_ID, Profile.PERIOD, Profile.IJ_DAYS,
            Profile.EXPOSURE)
        .join(members, Profile.PHYSICIAN_ID)
        .join(treated.select(Profile.PHYSICIAN_ID, CampaignEvaluation.GROUP),
            Joins.on(Profile.PHYSICIAN_ID), "left")
        .select(col(Profile.PHYSICIAN_ID), col(Profile.PERIOD), col(STRATUM),
            coalesce(col(CampaignEvaluation.GROUP), lit(Evaluation.ALL_OTHER))
                .as(CampaignEvaluation.GROUP),
            col(CampaignEvaluation.GROUP).isNotNull().as(TREATED),
            col(Profile.IJ_DAYS), col(Profile.EXPOSURE));
  }

  /**
   * Per GP of the panel: for each lag ℓ, his days of that lag (b_ℓ) and exposure (bx_ℓ) pooled
   * over its baseline semesters, his days of that lag at {@code target} (f_ℓ); his days (f)
   * and exposure (fx) at {@code target}.
   */
  static Dataset<Row> figures(Dataset<Row> panel, Dataset<Row> lagDays,
      List<List<String>> baseByLag, String target) {
    List<Column> expo = new ArrayList<>();
    List<Column> days = new ArrayList<>();
    for (int l = 0; l < baseByLag.size(); l++) {
      Column inBase = col(Profile.PERIOD).isin(baseByLag.get(l).toArray());
      expo.add(sum(when(inBase, col(Profile.EXPOSURE)).otherwise(0.0)).as("bx" + l));
      days.add(sum(when(inBase.and(col(LAG).equalTo(l)), col(LAG_DAYS)).otherwise(0.0))
          .as("b" + l));
      days.add(sum(when(col(Profile.PERIOD).equalTo(target).and(col(LAG).equalTo(l)),
          col(LAG_DAYS)).otherwise(0.0)).as("f" + l));
    }
    Column atTarget = col(Profile.PERIOD).equalTo(target);
    expo.add(sum(when(atTarget, col(Profile.IJ_DAYS)).otherwise(0.0)).as("f"));
    expo.add(sum(when(atTarget, col(Profile.EXPOSURE)).otherwise(0.0)).as("fx"));
    expo.add(count(when(atTarget, 1)).as("_at"));
    Dataset<Row> e = panel.groupBy(Profile.PHYSICIAN_ID, STRATUM, TREATED)
        .agg(expo.get(0), expo.subList(1, expo.size()).toArray(new Column[0]));
    Dataset<Row> d = lagDays.groupBy(Profile.PHYSICIAN_ID)
        .agg(days.get(0), days.subList(1, days.size()).toArray(new Column[0]));
    Dataset<Row> out = e.where(col("_at").gt(0)).join(d, Joins.on(Profile.PHYSICIAN_ID), "left");
    for (int l = 0; l < baseByLag.size(); l++) {
      out = out.withColumn("b" + l, coalesce(col("b" + l), lit(0.0)))
          .withColumn("f" + l, coalesce(col("f" + l), lit(0.0)));
    }
    return out;
  }

  /**
   * The untreated GPs' growth of each lag, per stratum with at least {@code minControls} of
   * them and of them all ({@link CleanDid#ALL_STRATA}), with the variance of its log: a
   * control's influence on log(rate at target / baseline rate) summed in squares. A handful of
   * rows reach the driver.
   */
  static Map<String, CleanDid.Growth> growth(Dataset<Row> figures, int lags, int minControls) {
    Dataset<Row> controls = figures.where(col(TREATED).equalTo(false));
    Dataset<Row> both = controls.unionByName(controls.withColumn(STRATUM,
        lit(CleanDid.ALL_STRATA)));
    List<Column> sums = new ArrayList<>();
    sums.add(sum("fx").as("sfx"));
    for (int l = 0; l < lags; l++) {
      sums.add(sum("b" + l).as("sb" + l));
      sums.add(sum("bx" + l).as("sbx" + l));
      sums.add(sum("f" + l).as("sf" + l));
    }
    Dataset<Row> totals = both.groupBy(STRATUM).agg(count(lit(1)).as("n"),
        sums.toArray(new Column[0]));
    List<Column> vars = new ArrayList<>();
    for (int l = 0; l < lags; l++) {
      Column phi = col("f" + l).divide(col("sf" + l)).minus(col("fx").divide(col("sfx")))
          .minus(col("b" + l).divide(col("sb" + l))).plus(col("bx" + l).divide(col("sbx" + l)));
      vars.add(sum(phi.multiply(phi)).as("v" + l));
    }
    Dataset<Row> v = both.join(totals, STRATUM).groupBy(STRATUM)
        .agg(vars.get(0), vars.subList(1, vars.size()).toArray(new Column[0]));
    Map<String, CleanDid.Growth> out = new HashMap<>();
    for (Row r : totals.join(v, STRATUM).collectAsList()) {
      String s = r.getAs(STRATUM);
      long n = r.getAs("n");
      if (n < minControls && !s.equals(CleanDid.ALL_STRATA)) {
        continue;
      }
      double[] b = new double[lags];
      double[] bx = new double[lags];
      double[] f = new double[lags];
      double[] var = new double[lags];
      for (int l = 0; l < lags; l++) {
        b[l] = r.getAs("sb" + l);
        bx[l] = r.getAs("sbx" + l);
        f[l] = r.getAs("sf" + l);
        Double x = r.getAs("v" + l);
        var[l] = x == null ? Double.NaN : x;
      }
      out.put(s, new CleanDid.Growth(s, n, b, bx, f, r.getAs("sfx"), var));
    }
    return out;
  }

  /**
   * The treated GPs' figures, for the driver: a few thousand rows at national scale. A
   * placebo compares only the lags it measures, and adds nothing back.
   */
  static List<CleanDid.Treated> treatedFigures(Dataset<Row> figures, int lags,
      boolean placebo) {
    List<CleanDid.Treated> out = new ArrayList<>();
    // Sorted here, not by Spark: a range partitioning's sampling job and shuffle for a few
    // thousand rows cost more than the sort.
    List<Row> rows = new ArrayList<>(figures.where(col(TREATED)).collectAsList());
    rows.sort(Comparator.comparing((Row r) -> r.<String>getAs(Profile.PHYSICIAN_ID)));
    for (Row r : rows) {
      double[] b = new double[lags];
      double[] bx = new double[lags];
      double affected = 0;
      for (int l = 0; l < lags; l++) {
        b[l] = r.getAs("b" + l);
        bx[l] = r.getAs("bx" + l);
        affected += (double) r.getAs("f" + l);
      }
      double all = r.getAs("f");
      out.add(new CleanDid.Treated(r.getAs(STRATUM), b, bx, placebo ? affected : all,
          placebo ? 0.0 : all - affected, r.getAs("fx")));
    }
    return out;
  }

  /**
   * An estimate and what it rests on: the untreated GPs of every stratum together ({@code
   * controls}, null without any) and the treated GPs of the panel ({@code treated}); {@code
   * result} is null when there is no estimate.
   */
  public record Estimate(CleanDid.Result result, CleanDid.Growth controls, long treated) {}

  /** The estimate of the lags given against {@code target}. */
  public static Estimate estimate(Dataset<Row> panel, Dataset<Row> lagDays,
      List<List<String>> baseByLag, String target, boolean placebo, int minControls) {
    Dataset<Row> f = figures(panel, lagDays, baseByLag, target).cache();
    try {
      int lags = baseByLag.size();
      Map<String, CleanDid.Growth> g = growth(f, lags, minControls);
      List<CleanDid.Treated> treated = treatedFigures(f, lags, placebo);
      CleanDid.Growth all = g.get(CleanDid.ALL_STRATA);
      if (all == null || all.controls() < minControls) {
        return new Estimate(null, all, treated.size());
      }
      return new Estimate(CleanDid.estimate(treated, g), all, treated.size());
    } finally {
      f.unpersist();
    }
  }

  /**
   * Per semester: treated and untreated GPs of the panel, their pooled rates of all days and of
   * the days of stops started in that semester (lag 0: a measure no older stop weighs on), and
   * the log gap between the two groups (the balance diagnostic).
   */
  public static Dataset<Row> balance(Dataset<Row> panel, Dataset<Row> lagDays) {
    Dataset<Row> fresh = lagDays.where(col(LAG).equalTo(0))
        .select(col(Profile.PERIOD), col(Profile.PHYSICIAN_ID), col(LAG_DAYS).as("_new"));
    Dataset<Row> p = panel.join(fresh, Joins.on(Profile.PERIOD, Profile.PHYSICIAN_ID), "left")
        .withColumn("_new", coalesce(col("_new"), lit(0.0)));
    Column t = col(TREATED);
    Column c = t.equalTo(false);
    return p.groupBy(Profile.PERIOD)
        .agg(count(when(t, 1)).as(Evaluation.TREATED_GPS),
            count(when(c, 1)).as(Evaluation.CONTROL_GPS),
            sum(when(t, col(Profile.IJ_DAYS))).divide(sum(when(t, col(Profile.EXPOSURE))))
                .as(Evaluation.TREATED_RATE),
            sum(when(c, col(Profile.IJ_DAYS))).divide(sum(when(c, col(Profile.EXPOSURE))))
                .as(Evaluation.CONTROL_RATE),
            sum(when(t, col("_new"))).divide(sum(when(t, col(Profile.EXPOSURE))))
                .as(Evaluation.TREATED_CLEAN_RATE),
            sum(when(c, col("_new"))).divide(sum(when(c, col(Profile.EXPOSURE))))
                .as(Evaluation.CONTROL_CLEAN_RATE))
        .withColumn(Evaluation.LOG_GAP, org.apache.spark.sql.functions.log(
            col(Evaluation.TREATED_RATE).divide(col(Evaluation.CONTROL_RATE))))
        .withColumn(Evaluation.CLEAN_LOG_GAP, when(col(Evaluation.TREATED_CLEAN_RATE).gt(0)
                .and(col(Evaluation.CONTROL_CLEAN_RATE).gt(0)),
            org.apache.spark.sql.functions.log(col(Evaluation.TREATED_CLEAN_RATE)
                .divide(col(Evaluation.CONTROL_CLEAN_RATE)))));
  }
}
