package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.covar_samp;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;

/**
 * Evaluation of a past campaign (DESIGN.md "Evaluation"): treated GPs (an MSO or MSAP event of
 * the campaign) against all other GPs — the comparison the national figures were published with
 * — and against matched controls: untreated GPs of the same territory whose baseline ratio lies
 * nearest the treated GP's, since the treated were chosen for an extreme baseline and part of
 * their fall is regression to the mean. Groups hold only GPs profiled in both periods.
 */
public final class CampaignEvaluation {
  static final String GROUP = "eval_group";
  static final String B_DAYS = "b_days";
  static final String B_EXPOSURE = "b_exposure";
  static final String F_DAYS = "f_days";
  static final String F_EXPOSURE = "f_exposure";
  static final String B_RATIO = "b_ratio";
  /**
   * The baseline position GPs are matched on: the empirical-Bayes shrunken baseline ratio,
   * which discounts the chance in a small practice's ratio (see {@link #panel}).
   */
  static final String B_SCORE = "b_score";
  static final String P_DAYS = "p_days";
  static final String P_EXPOSURE = "p_exposure";
  /**
   * The second coordinate of the baseline position: the shrunken ratio of the period before the
   * baseline (see {@link #panel}); null when that period is not used or the GP was not profiled
   * in it.
   */
  static final String P_SCORE = "p_score";
  static final String OBJECTIVE = "objective";
  static final String TREATED_ID = "treated_id";
  static final String CONTROL_ID = "control_id";
  static final String WEIGHT = "weight";
  /** Where a treated GP found his controls: {@link #IN_TERRITORY} or {@link #NATIONAL}. */
  static final String MATCH_LEVEL = "match_level";
  static final String IN_TERRITORY = "TERRITORY";
  static final String NATIONAL = "NATIONAL";

  private CampaignEvaluation() {}

  /** Per treated GP of the campaign: MSAP if he had one, else MSO; his MSO objective if any. */
  public static Dataset<Row> treated(Dataset<Row> history, String campaign) {
    return history.where(col(CampaignHistory.CAMPAIGN).equalTo(campaign)
            .and(col(CampaignHistory.EVENT_TYPE).isin(CampaignHistory.MSO, CampaignHistory.MSAP)))
        .groupBy(col(CampaignHistory.PHYSICIAN_ID).as(Profile.PHYSICIAN_ID))
        .agg(max(when(col(CampaignHistory.EVENT_TYPE).equalTo(CampaignHistory.MSAP), 1)
                .otherwise(0)).as("_msap"),
            max(when(col(CampaignHistory.EVENT_TYPE).equalTo(CampaignHistory.MSO),
                col(CampaignHistory.OBJECTIVE_IJ_PER_PATIENT))).as(OBJECTIVE))
        .select(col(Profile.PHYSICIAN_ID), when(col("_msap").equalTo(1), lit(
            org.ijcampaign.schema.Evaluation.MSAP)).otherwise(lit(
                org.ijcampaign.schema.Evaluation.MSO)).as(GROUP), col(OBJECTIVE));
  }

  /**
   * GPs profiled in both periods, with their baseline territory, ratio and shrunken ratio (from
   * the baseline model) and, for the treated, their group and objective; the others are
   * {@code ALL_OTHER}. GPs are matched on the shrunken ratio: at the same raw ratio, a small
   * practice's is mostly chance and falls back further than a large one's, and the treated,
   * chosen on their days, are more often large, persistent prescribers (on a generated zone of
   * 6,000 GPs, matching on the raw ratio left the controls falling 0.1 to 0.2 more in log rate
   * than the treated would have without the campaign).
   *
   * <p>With {@code previousProfile} (the period before the baseline; null to leave it out) each
   * GP also gets {@link #P_SCORE}: his days there against his baseline expected rate over his
   * exposure there, scaled by the ratio of that period's national level to the baseline's (the
   * claims may cover it only in part, and its season differs), shrunk like the baseline ratio
   * with the baseline model's τ² and his territory's stop dispersion. Its chance is independent
   * of the baseline's, so two GPs alike in both periods are alike in their persistent practice,
   * which is what their follow-up regresses to.
   */
  public static Dataset<Row> panel(Dataset<Row> baselineProfile, Dataset<Row> followUpProfile,
      Dataset<Row> previousProfile, Dataset<Row> baselineExpected, Dataset<Row> treated,
      double tau2) {
    Dataset<Row> b = baselineProfile.where(col(Profile.PROFILED)).select(
        col(Profile.PHYSICIAN_ID), col(Profile.IJ_DAYS).as(B_DAYS),
        col(Profile.EXPOSURE).as(B_EXPOSURE));
    Dataset<Row> f = followUpProfile.where(col(Profile.PROFILED)).select(
        col(Profile.PHYSICIAN_ID), col(Profile.IJ_DAYS).as(F_DAYS),
        col(Profile.EXPOSURE).as(F_EXPOSURE));
    Dataset<Row> e = baselineExpected.select(col(Profile.PHYSICIAN_ID),
        col(Territory.TERRITORY), col(Expected.RATIO).as(B_RATIO),
        col(Expected.SHRUNK_RATIO).as(B_SCORE), col(Expected.EXPECTED_RATE).as("_b_rate"),
        col(Expected.STOP_DISPERSION).as("_disp"));
    Dataset<Row> panel = b.join(f, Profile.PHYSICIAN_ID).join(e, Profile.PHYSICIAN_ID)
        .join(treated, org.ijcampaign.io.Joins.on(Profile.PHYSICIAN_ID), "left")
        .withColumn(GROUP, when(col(GROUP).isNull(),
            lit(org.ijcampaign.schema.Evaluation.ALL_OTHER)).otherwise(col(GROUP)));
    if (previousProfile == null) {
      return panel.withColumn(P_DAYS, lit(null).cast("double"))
          .withColumn(P_EXPOSURE, lit(null).cast("double"))
          .withColumn(P_SCORE, lit(null).cast("double")).drop("_b_rate", "_disp");
    }
    Dataset<Row> p = previousProfile.where(col(Profile.PROFILED)).select(
        col(Profile.PHYSICIAN_ID), col(Profile.IJ_DAYS).as(P_DAYS),
        col(Profile.EXPOSURE).as(P_EXPOSURE));
    Dataset<Row> withP = panel.join(p, org.ijcampaign.io.Joins.on(Profile.PHYSICIAN_ID), "left");
    // The previous period's national level against the baseline's expectation, one row.
    Dataset<Row> level = withP.where(col(P_EXPOSURE).gt(0))
        .agg(sum(P_DAYS).divide(sum(col("_b_rate").multiply(col(P_EXPOSURE)))).as("_level"));
    Column expected = col("_b_rate").multiply(col(P_EXPOSURE)).multiply(col("_level"));
    Column weight = lit(tau2).divide(lit(tau2).plus(col("_disp").divide(col("_p_expected"))));
    return withP.crossJoin(level)
        .withColumn("_p_expected", expected)
        .withColumn(P_SCORE, when(col("_p_expected").gt(0), lit(1).plus(weight.multiply(
            col(P_DAYS).divide(col("_p_expected")).minus(1)))))
        .drop("_b_rate", "_disp", "_level", "_p_expected");
  }

  /**
   * Matched controls: for each treated GP, up to {@code k} untreated GPs of the same baseline
   * territory nearest his baseline position — the Euclidean distance of shrunken log ratios in
   * the baseline ({@link #B_SCORE}) and, where both have one, the previous period
   * ({@link #P_SCORE}) — within {@code caliper}, ties broken by id; controls may serve several
   * treated GPs. With {@code usePrevious} only untreated GPs with a previous score are
   * candidates. A treated GP without any candidate of his territory is, with
   * {@code nationalFallback}, matched the same way among the untreated GPs of every territory.
   * Each pair weighs 1/(matches of its treated GP), so every matched treated GP counts once on
   * each side; {@link #MATCH_LEVEL} says where he was matched.
   */
  public static Dataset<Row> matches(Dataset<Row> panel, int k, double caliper,
      boolean usePrevious, boolean nationalFallback) {
    String all = org.ijcampaign.schema.Evaluation.ALL_OTHER;
    Dataset<Row> t = panel.where(col(GROUP).notEqual(all))
        .select(col(Profile.PHYSICIAN_ID).as(TREATED_ID), col(Territory.TERRITORY).as("_t_terr"),
            log(col(B_SCORE)).as("_tb"), usePrevious ? log(col(P_SCORE)).as("_tp")
                : lit(null).cast("double").as("_tp"));
    Dataset<Row> c = panel.where(col(GROUP).equalTo(all)
            .and(usePrevious ? col(P_SCORE).gt(0) : lit(true)))
        .select(col(Profile.PHYSICIAN_ID).as(CONTROL_ID), col(Territory.TERRITORY).as("_c_terr"),
            log(col(B_SCORE)).as("_cb"), log(col(P_SCORE)).as("_cp"));
    Dataset<Row> local = nearest(t.join(c, col("_t_terr").equalTo(col("_c_terr"))), k, caliper)
        .withColumn(MATCH_LEVEL, lit(IN_TERRITORY));
    if (!nationalFallback) {
      return local;
    }
    // Candidates within the caliper differ by at most the caliper in the baseline coordinate,
    // so a band join on baseline bins of the caliper's width finds them all without a cross join.
    Column bin = org.apache.spark.sql.functions.floor(col("_tb").divide(caliper));
    Dataset<Row> unmatched = t.join(local.select(TREATED_ID).distinct(),
            org.ijcampaign.io.Joins.on(TREATED_ID), "left_anti")
        .withColumn("_bin", org.apache.spark.sql.functions.explode(
            org.apache.spark.sql.functions.array(bin.minus(1), bin, bin.plus(1))));
    Dataset<Row> national = nearest(unmatched.join(c.withColumn("_bin",
            org.apache.spark.sql.functions.floor(col("_cb").divide(caliper))), "_bin"), k, caliper)
        .withColumn(MATCH_LEVEL, lit(NATIONAL));
    return local.unionByName(national);
  }

  /** The {@code k} nearest candidates of each treated GP within the caliper, weighted. */
  private static Dataset<Row> nearest(Dataset<Row> pairs, int k, double caliper) {
    Column db = col("_tb").minus(col("_cb"));
    Column dp = org.apache.spark.sql.functions.coalesce(col("_tp").minus(col("_cp")), lit(0.0));
    return pairs.withColumn("_dist", org.apache.spark.sql.functions.sqrt(
            db.multiply(db).plus(dp.multiply(dp))))
        .where(col("_dist").leq(caliper))
        .withColumn("_rank", row_number().over(Window.partitionBy(TREATED_ID)
            .orderBy(col("_dist"), col(CONTROL_ID))))
        .where(col("_rank").leq(k))
        .withColumn(WEIGHT, lit(1.0).divide(count(lit(1)).over(Window.partitionBy(TREATED_ID))))
        .select(TREATED_ID, CONTROL_ID, WEIGHT);
  }

  /** Pooled figures of one group: Σ days and Σ exposure in each period, weighted. */
  record Pooled(double gps, double bDays, double bExposure, double fDays, double fExposure) {
    double baselineRate() {
      return bDays / bExposure;
    }

    double followUpRate() {
      return fDays / fExposure;
    }

    double logChange() {
      return Math.log(followUpRate() / baselineRate());
    }
  }

  /**
   * One matched set: the treated GP's figures and his weighted controls' sums, the shrunken
   * baseline log ratios of the treated GP ({@code tLog}) and of his controls (weighted mean,
   * {@code cLog}), and the same for the previous period ({@code tPrevLog}, {@code cPrevLog}; NaN
   * where not used).
   */
  record MatchedSet(double tbDays, double tbExposure, double tfDays, double tfExposure,
      double cbDays, double cbExposure, double cfDays, double cfExposure, double tLog,
      double cLog, double tPrevLog, double cPrevLog) {
    double prevGap() {
      return Double.isNaN(tPrevLog) || Double.isNaN(cPrevLog) ? 0.0 : tPrevLog - cPrevLog;
    }
  }

  /**
   * The matched estimate, corrected for what the matching left: within the caliper the controls
   * of the most extreme treated GPs are still a little less extreme, and regress less to the
   * mean. {@code slopes} are how much a GP's log rate changes per unit of baseline log ratio and
   * of previous-period log ratio among matched controls ({@link #regressionSlopes}); the
   * correction removes each slope × the mean gap of that coordinate between treated GPs and
   * their controls (Abadie and Imbens' bias correction with a linear regression).
   */
  static double did(List<MatchedSet> sets, double[] slopes) {
    double gap = 0;
    double prevGap = 0;
    for (MatchedSet m : sets) {
      gap += m.tLog() - m.cLog();
      prevGap += m.prevGap();
    }
    return did(sets) - (slopes[0] * gap + slopes[1] * prevGap) / sets.size();
  }

  /**
   * The slopes of the change of log rate (baseline to follow-up, half a day added to each count
   * so that a GP without days keeps a finite log) on the shrunken baseline log ratio and, with
   * {@code usePrevious}, the previous period's: least squares over the untreated GPs of the
   * panel given (the job gives the matched controls), the regression to the mean the evaluation
   * corrects for. Returns {baseline slope, previous slope} (the second 0 without the previous
   * period); a slope that cannot be estimated is 0, no correction. One row comes to the driver.
   */
  static double[] regressionSlopes(Dataset<Row> panel, boolean usePrevious) {
    Column x1 = log(col(B_SCORE));
    Column x2 = log(col(P_SCORE));
    Column y = log(col(F_DAYS).plus(0.5).divide(col(F_EXPOSURE)))
        .minus(log(col(B_DAYS).plus(0.5).divide(col(B_EXPOSURE))));
    Column rows = col(GROUP).equalTo(org.ijcampaign.schema.Evaluation.ALL_OTHER)
        .and(col(B_SCORE).gt(0)).and(col(B_EXPOSURE).gt(0)).and(col(F_EXPOSURE).gt(0));
    if (!usePrevious) {
      Row r = panel.where(rows).agg(covar_samp(x1, y), var_samp(x1)).head();
      return new double[] {r.isNullAt(0) || r.isNullAt(1) || r.getDouble(1) == 0 ? 0.0
          : r.getDouble(0) / r.getDouble(1), 0.0};
    }
    Row r = panel.where(rows.and(col(P_SCORE).gt(0))).agg(var_samp(x1), var_samp(x2),
        covar_samp(x1, x2), covar_samp(x1, y), covar_samp(x2, y)).head();
    for (int i = 0; i < 5; i++) {
      if (r.isNullAt(i)) {
        return new double[] {0.0, 0.0};
      }
    }
    // The normal equations of two centred regressors, solved by Cramer's rule.
    double s11 = r.getDouble(0);
    double s22 = r.getDouble(1);
    double s12 = r.getDouble(2);
    double det = s11 * s22 - s12 * s12;
    if (det <= 1e-12 * Math.max(1e-300, s11 * s22)) {
      return new double[] {0.0, 0.0};
    }
    return new double[] {(r.getDouble(3) * s22 - r.getDouble(4) * s12) / det,
        (r.getDouble(4) * s11 - r.getDouble(3) * s12) / det};
  }

  /**
   * Difference in differences of log pooled rates between the treated GPs of the matched sets
   * and their weighted controls, without correction.
   */
  static double did(List<MatchedSet> sets) {
    double[] s = new double[8];
    for (MatchedSet m : sets) {
      s[0] += m.tbDays();
      s[1] += m.tbExposure();
      s[2] += m.tfDays();
      s[3] += m.tfExposure();
      s[4] += m.cbDays();
      s[5] += m.cbExposure();
      s[6] += m.cfDays();
      s[7] += m.cfExposure();
    }
    return Math.log((s[2] / s[3]) / (s[0] / s[1])) - Math.log((s[6] / s[7]) / (s[4] / s[5]));
  }

  /**
   * Percentile bootstrap of {@link #did}: matched sets resampled with replacement (a treated GP
   * comes with his controls), {@code replicates} times from a fixed seed.
   */
  static double[] bootstrap(List<MatchedSet> sets, double[] slopes, int replicates, long seed) {
    Random random = new Random(seed);
    double[] values = new double[replicates];
    List<MatchedSet> sample = new ArrayList<>(sets.size());
    for (int r = 0; r < replicates; r++) {
      sample.clear();
      for (int i = 0; i < sets.size(); i++) {
        sample.add(sets.get(random.nextInt(sets.size())));
      }
      values[r] = did(sample, slopes);
    }
    java.util.Arrays.sort(values);
    return new double[] {quantile(values, 0.025), quantile(values, 0.975)};
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /**
   * The matched sets as small driver-side records: only treated GPs and their controls, a few
   * thousand rows at national scale, never the whole panel.
   */
  static List<MatchedSet> matchedSets(Dataset<Row> panel, Dataset<Row> matches) {
    Dataset<Row> p = panel.select(col(Profile.PHYSICIAN_ID), col(B_DAYS), col(B_EXPOSURE),
        col(F_DAYS), col(F_EXPOSURE), log(col(B_SCORE)).as("_log"),
        log(col(P_SCORE)).as("_plog"));
    Dataset<Row> controls = matches.join(p.withColumnRenamed(Profile.PHYSICIAN_ID, CONTROL_ID),
            CONTROL_ID)
        .groupBy(TREATED_ID)
        .agg(sum(col("_log").multiply(col(WEIGHT))).as("c_log"),
            sum(col("_plog").multiply(col(WEIGHT))).as("c_plog"),
            sum(col(B_DAYS).multiply(col(WEIGHT))).as("cb_d"),
            sum(col(B_EXPOSURE).multiply(col(WEIGHT))).as("cb_e"),
            sum(col(F_DAYS).multiply(col(WEIGHT))).as("cf_d"),
            sum(col(F_EXPOSURE).multiply(col(WEIGHT))).as("cf_e"));
    List<MatchedSet> sets = new ArrayList<>();
    for (Row r : controls.join(p.withColumnRenamed(Profile.PHYSICIAN_ID, TREATED_ID),
            TREATED_ID).orderBy(TREATED_ID).collectAsList()) {
      sets.add(new MatchedSet(r.getAs(B_DAYS), r.getAs(B_EXPOSURE), r.getAs(F_DAYS),
          r.getAs(F_EXPOSURE), r.getAs("cb_d"), r.getAs("cb_e"), r.getAs("cf_d"),
          r.getAs("cf_e"), r.getAs("_log"), r.getAs("c_log"), nan(r.getAs("_plog")),
          nan(r.getAs("c_plog"))));
    }
    return sets;
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }

  /** Pooled sums per group of the panel, plus all treated together (a handful of rows). */
  static Map<String, Pooled> pooledByGroup(Dataset<Row> panel) {
    Map<String, Pooled> out = new HashMap<>();
    double[] treated = new double[5];
    for (Row r : panel.groupBy(GROUP).agg(count(lit(1)), sum(B_DAYS), sum(B_EXPOSURE),
        sum(F_DAYS), sum(F_EXPOSURE)).collectAsList()) {
      Pooled p = new Pooled(r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
          r.getDouble(5));
      out.put(r.getString(0), p);
      if (!r.getString(0).equals(org.ijcampaign.schema.Evaluation.ALL_OTHER)) {
        treated[0] += p.gps();
        treated[1] += p.bDays();
        treated[2] += p.bExposure();
        treated[3] += p.fDays();
        treated[4] += p.fExposure();
      }
    }
    out.put(org.ijcampaign.schema.Evaluation.ALL_TREATED, new Pooled(treated[0], treated[1],
        treated[2], treated[3], treated[4]));
    return out;
  }

  /** Mean baseline ratio per group (balance of the matching). */
  static Map<String, Double> meanBaselineRatio(Dataset<Row> panel) {
    Map<String, Double> out = new HashMap<>();
    for (Row r : panel.groupBy(GROUP).agg(avg(B_RATIO)).collectAsList()) {
      out.put(r.getString(0), r.getDouble(1));
    }
    return out;
  }
}
