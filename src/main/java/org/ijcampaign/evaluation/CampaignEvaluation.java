package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.abs;
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
  static final String OBJECTIVE = "objective";
  static final String TREATED_ID = "treated_id";
  static final String CONTROL_ID = "control_id";
  static final String WEIGHT = "weight";

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
   */
  public static Dataset<Row> panel(Dataset<Row> baselineProfile, Dataset<Row> followUpProfile,
      Dataset<Row> baselineExpected, Dataset<Row> treated) {
    Dataset<Row> b = baselineProfile.where(col(Profile.PROFILED)).select(
        col(Profile.PHYSICIAN_ID), col(Profile.IJ_DAYS).as(B_DAYS),
        col(Profile.EXPOSURE).as(B_EXPOSURE));
    Dataset<Row> f = followUpProfile.where(col(Profile.PROFILED)).select(
        col(Profile.PHYSICIAN_ID), col(Profile.IJ_DAYS).as(F_DAYS),
        col(Profile.EXPOSURE).as(F_EXPOSURE));
    Dataset<Row> e = baselineExpected.select(col(Profile.PHYSICIAN_ID),
        col(Territory.TERRITORY), col(Expected.RATIO).as(B_RATIO),
        col(Expected.SHRUNK_RATIO).as(B_SCORE));
    return b.join(f, Profile.PHYSICIAN_ID).join(e, Profile.PHYSICIAN_ID)
        .join(treated, org.ijcampaign.io.Joins.on(Profile.PHYSICIAN_ID), "left")
        .withColumn(GROUP, when(col(GROUP).isNull(),
            lit(org.ijcampaign.schema.Evaluation.ALL_OTHER)).otherwise(col(GROUP)));
  }

  /**
   * Matched controls: for each treated GP, up to {@code k} untreated GPs of the same baseline
   * territory whose shrunken baseline log ratio ({@link #B_SCORE}) is nearest his (within
   * {@code caliper}), ties broken by id; controls may serve several treated GPs. Each pair weighs 1/(matches of its treated GP),
   * so every matched treated GP counts once on each side.
   */
  public static Dataset<Row> matches(Dataset<Row> panel, int k, double caliper) {
    Dataset<Row> t = panel.where(col(GROUP).notEqual(org.ijcampaign.schema.Evaluation.ALL_OTHER))
        .select(col(Profile.PHYSICIAN_ID).as(TREATED_ID), col(Territory.TERRITORY),
            log(col(B_SCORE)).as("_t_log"));
    Dataset<Row> c = panel.where(col(GROUP).equalTo(org.ijcampaign.schema.Evaluation.ALL_OTHER))
        .select(col(Profile.PHYSICIAN_ID).as(CONTROL_ID), col(Territory.TERRITORY),
            log(col(B_SCORE)).as("_c_log"));
    return t.join(c, Territory.TERRITORY)
        .withColumn("_dist", abs(col("_t_log").minus(col("_c_log"))))
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
   * One matched set: the treated GP's figures and his weighted controls' sums, and the baseline
   * log ratios of the treated GP ({@code tLog}) and of his controls (weighted mean, {@code cLog}).
   */
  record MatchedSet(double tbDays, double tbExposure, double tfDays, double tfExposure,
      double cbDays, double cbExposure, double cfDays, double cfExposure, double tLog,
      double cLog) {}

  /**
   * The matched estimate, corrected for what the matching left: within the caliper the controls
   * of the most extreme treated GPs are still a little less extreme, and regress less to the
   * mean. {@code slope} is how much a GP's log rate changes per unit of baseline log ratio among
   * matched controls ({@link #regressionSlope}); the correction removes slope × the mean gap of
   * baseline log ratios between treated GPs and their controls (Abadie and Imbens' bias
   * correction with a linear regression).
   */
  static double did(List<MatchedSet> sets, double slope) {
    double gap = 0;
    for (MatchedSet m : sets) {
      gap += m.tLog() - m.cLog();
    }
    return did(sets) - slope * gap / sets.size();
  }

  /**
   * The slope of the change of log rate (baseline to follow-up, half a day added to each count
   * so that a GP without days keeps a finite log) on the shrunken baseline log ratio, by least
   * squares over the untreated GPs of the panel given (the job gives the matched controls): the regression to the mean the
   * evaluation corrects for. One row comes back to the driver.
   */
  static double regressionSlope(Dataset<Row> panel) {
    Column x = log(col(B_SCORE));
    Column y = log(col(F_DAYS).plus(0.5).divide(col(F_EXPOSURE)))
        .minus(log(col(B_DAYS).plus(0.5).divide(col(B_EXPOSURE))));
    Row r = panel.where(col(GROUP).equalTo(org.ijcampaign.schema.Evaluation.ALL_OTHER)
            .and(col(B_SCORE).gt(0)).and(col(B_EXPOSURE).gt(0)).and(col(F_EXPOSURE).gt(0)))
        .agg(covar_samp(x, y), var_samp(x)).head();
    return r.isNullAt(0) || r.isNullAt(1) || r.getDouble(1) == 0 ? 0.0
        : r.getDouble(0) / r.getDouble(1);
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
  static double[] bootstrap(List<MatchedSet> sets, double slope, int replicates, long seed) {
    Random random = new Random(seed);
    double[] values = new double[replicates];
    List<MatchedSet> sample = new ArrayList<>(sets.size());
    for (int r = 0; r < replicates; r++) {
      sample.clear();
      for (int i = 0; i < sets.size(); i++) {
        sample.add(sets.get(random.nextInt(sets.size())));
      }
      values[r] = did(sample, slope);
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
        col(F_DAYS), col(F_EXPOSURE), log(col(B_SCORE)).as("_log"));
    Dataset<Row> controls = matches.join(p.withColumnRenamed(Profile.PHYSICIAN_ID, CONTROL_ID),
            CONTROL_ID)
        .groupBy(TREATED_ID)
        .agg(sum(col("_log").multiply(col(WEIGHT))).as("c_log"),
            sum(col(B_DAYS).multiply(col(WEIGHT))).as("cb_d"),
            sum(col(B_EXPOSURE).multiply(col(WEIGHT))).as("cb_e"),
            sum(col(F_DAYS).multiply(col(WEIGHT))).as("cf_d"),
            sum(col(F_EXPOSURE).multiply(col(WEIGHT))).as("cf_e"));
    List<MatchedSet> sets = new ArrayList<>();
    for (Row r : controls.join(p.withColumnRenamed(Profile.PHYSICIAN_ID, TREATED_ID),
            TREATED_ID).orderBy(TREATED_ID).collectAsList()) {
      sets.add(new MatchedSet(r.getAs(B_DAYS), r.getAs(B_EXPOSURE), r.getAs(F_DAYS),
          r.getAs(F_EXPOSURE), r.getAs("cb_d"), r.getAs("cb_e"), r.getAs("cf_d"),
          r.getAs("cf_e"), r.getAs("_log"), r.getAs("c_log")));
    }
    return sets;
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
