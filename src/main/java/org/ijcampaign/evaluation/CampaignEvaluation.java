package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;

/**
 * The published comparison of a past campaign (docs/evaluation.md): treated GPs (an MSO or MSAP
 * event of the campaign) against all other GPs, from the baseline to the follow-up. Groups hold
 * only GPs profiled in both periods. It overstates the effect, since the treated were chosen
 * for an extreme baseline; the headline estimate is {@link CleanBaseline}'s.
 */
public final class CampaignEvaluation {
  public static final String GROUP = "eval_group";
  static final String B_DAYS = "b_days";
  static final String B_EXPOSURE = "b_exposure";
  static final String F_DAYS = "f_days";
  static final String F_EXPOSURE = "f_exposure";
  static final String B_RATIO = "b_ratio";
  static final String OBJECTIVE = "objective";
  private static final String GPS = "gps";

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
   * GPs profiled in both periods of the published comparison, with their baseline territory and
   * ratio (from the baseline model) and, for the treated, their group and objective; the others
   * are {@code ALL_OTHER}.
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
        col(Territory.TERRITORY), col(Expected.RATIO).as(B_RATIO));
    return b.join(f, Profile.PHYSICIAN_ID).join(e, Profile.PHYSICIAN_ID)
        .join(treated, org.ijcampaign.io.Joins.on(Profile.PHYSICIAN_ID), "left")
        .withColumn(GROUP, when(col(GROUP).isNull(),
            lit(org.ijcampaign.schema.Evaluation.ALL_OTHER)).otherwise(col(GROUP)));
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

  /** Pooled sums per group of the panel, plus all treated together (a handful of rows). */
  static Map<String, Pooled> pooledByGroup(Dataset<Row> panel) {
    Map<String, Pooled> out = new HashMap<>();
    double[] treated = new double[5];
    for (Row r : panel.groupBy(GROUP).agg(count(lit(1)).as(GPS), sum(B_DAYS).as(B_DAYS),
        sum(B_EXPOSURE).as(B_EXPOSURE), sum(F_DAYS).as(F_DAYS),
        sum(F_EXPOSURE).as(F_EXPOSURE)).collectAsList()) {
      long gps = r.getAs(GPS);
      Pooled p = new Pooled(gps, r.getAs(B_DAYS), r.getAs(B_EXPOSURE), r.getAs(F_DAYS),
          r.getAs(F_EXPOSURE));
      String group = r.getAs(GROUP);
      out.put(group, p);
      if (!group.equals(org.ijcampaign.schema.Evaluation.ALL_OTHER)) {
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
    for (Row r : panel.groupBy(GROUP).agg(avg(B_RATIO).as(B_RATIO)).collectAsList()) {
      double ratio = r.getAs(B_RATIO);
      out.put(r.getAs(GROUP), ratio);
    }
    return out;
  }
}
