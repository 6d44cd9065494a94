package org.ijcampaign.dashboard;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.schema.Territory;
import org.ijcampaign.targeting.FairnessAudit;

/**
 * The small datasets the dashboard draws, each computed from the output tables by Spark and
 * small enough to embed in a page: a bounded sample of GP points, and aggregates of a few rows
 * per territory, region, semester or category. Pure functions; {@link DashboardJob} writes.
 */
public final class DashboardData {
  public static final String STATUS = Targeting.STATUS;
  public static final String LABEL = "label";
  public static final String GPS = "gps";
  public static final String QUANTILES = "quantiles";
  public static final String TARGETED_GPS = "targeted_gps";

  /** The five-number summary of the box plot: minimum, quartiles, maximum. */
  private static final double[] BOX = {0.0, 0.25, 0.5, 0.75, 1.0};
  /** Relative accuracy of the approximate quantiles (Spark's default is 10,000). */
  private static final int QUANTILE_ACCURACY = 10_000;
  private static final long SAMPLE_BUCKETS = 1_000_000L;
  /** A semester below this share of the median rate of all other GPs is a partial one. */
  private static final double COMPLETE_SHARE = 0.5;

  private DashboardData() {}

  /**
   * The funnel plot's points: per GP of the period, expected days (x), ratio (y), the funnel
   * limits at his expected days and his targeting status. Every GP the campaign names (targeted
   * or failing the safeguard) is kept; the others are a deterministic sample (by a hash of the
   * GP id) of about {@code maxPoints} in all, so that the page stays light at national scale and
   * the same run draws the same points.
   */
  public static Dataset<Row> funnel(Dataset<Row> expected, Dataset<Row> targeting,
      long maxPoints) {
    // A ratio is never negative: where the noise is wide, the drawn lower limit stops at 0
    // (the table keeps the limit as computed, 1 - z·s).
    Dataset<Row> gps = expected.select(col(Profile.PHYSICIAN_ID), col(Expected.EXPECTED_DAYS),
            col(Expected.RATIO),
            greatest(lit(0.0), col(Expected.FUNNEL_95_LOW)).as(Expected.FUNNEL_95_LOW),
            col(Expected.FUNNEL_95_HIGH),
            greatest(lit(0.0), col(Expected.FUNNEL_998_LOW)).as(Expected.FUNNEL_998_LOW),
            col(Expected.FUNNEL_998_HIGH))
        .join(targeting.select(Profile.PHYSICIAN_ID, Targeting.STATUS), Profile.PHYSICIAN_ID,
            "left")
        .withColumn(STATUS, coalesce(col(STATUS), lit("NOT_TARGETED")));
    // One row per GP of the period either way: the count needs no join.
    long total = expected.count();
    long kept = Math.min(total, maxPoints);
    long threshold = total == 0 ? 0 : Math.round((double) SAMPLE_BUCKETS * kept / total);
    Column named = col(STATUS).isin(Targeting.TARGETED, Targeting.FAILS_SAFEGUARD);
    Column sampled = pmod(xxhash64(col(Profile.PHYSICIAN_ID)), lit(SAMPLE_BUCKETS))
        .lt(threshold);
    return gps.where(named.or(sampled)).drop(Profile.PHYSICIAN_ID)
        .orderBy(Expected.EXPECTED_DAYS, Expected.RATIO);
  }

  /**
   * The distribution of ratios per comparable territory class (IRIS cluster × supply class,
   * all regions together): GP count and the five numbers of a box plot, rounded to 3 digits.
   */
  public static Dataset<Row> ratioByTerritory(Dataset<Row> expected, Dataset<Row> territories) {
    return expected.select(Profile.PHYSICIAN_ID, Expected.RATIO)
        .join(territories.select(Profile.PHYSICIAN_ID, Territory.CLUSTER, Territory.SUPPLY_CLASS),
            Profile.PHYSICIAN_ID)
        .groupBy(Territory.CLUSTER, Territory.SUPPLY_CLASS)
        .agg(count(lit(1)).as(GPS), percentile_approx(col(Expected.RATIO),
            lit(BOX), lit(QUANTILE_ACCURACY)).as(QUANTILES))
        .withColumn(LABEL, concat(lit("cluster "), col(Territory.CLUSTER).cast("string"),
            lit(" / supply "), col(Territory.SUPPLY_CLASS).cast("string")))
        .withColumn(QUANTILES, org.apache.spark.sql.functions.transform(col(QUANTILES),
            q -> round(q, 3)))
        .select(LABEL, GPS, QUANTILES)
        .orderBy(Territory.CLUSTER, Territory.SUPPLY_CLASS);
  }

  /** Targeted GPs per region and wave. */
  public static Dataset<Row> targetedByRegionAndWave(Dataset<Row> targeting) {
    return targeting.where(col(Targeting.STATUS).equalTo(Targeting.TARGETED))
        .groupBy(Profile.REGION_CODE, Targeting.WAVE)
        .agg(count(lit(1)).as(TARGETED_GPS))
        .orderBy(Profile.REGION_CODE, Targeting.WAVE);
  }

  /** GPs per targeting status (the page's headline figures). */
  public static Dataset<Row> statuses(Dataset<Row> targeting) {
    return targeting.groupBy(Targeting.STATUS).agg(count(lit(1)).as(GPS))
        .orderBy(Targeting.STATUS);
  }

  /**
   * The evaluated campaign's pooled rate per semester and group. The first and last semesters
   * the claims touch are covered only in part by the extraction (stops already running on its
   * first day, days paid after its last) and would show a collapse that never happened: a
   * semester is drawn only when the pooled rate of all other GPs reaches half its median over
   * the semesters.
   */
  public static Dataset<Row> series(Dataset<Row> evaluationSeries) {
    Dataset<Row> semesters = evaluationSeries
        .where(col(Evaluation.PERIOD).rlike("^[0-9]{4}S[12]$"))
        .select(Evaluation.PERIOD, Evaluation.GROUP, Evaluation.GPS, Evaluation.RATE);
    Dataset<Row> reference = semesters.where(col(Evaluation.GROUP).equalTo(Evaluation.ALL_OTHER));
    double[] median = reference.stat().approxQuantile(Evaluation.RATE, new double[] {0.5}, 0);
    if (median.length == 0) {
      return semesters.limit(0);
    }
    Dataset<Row> complete = reference.where(col(Evaluation.RATE).geq(COMPLETE_SHARE * median[0]))
        .select(Evaluation.PERIOD);
    return semesters.join(complete, Evaluation.PERIOD)
        .orderBy(Evaluation.PERIOD, Evaluation.GROUP);
  }

  /** The evaluated campaign's balance table, semester by semester, as drawn. */
  public static Dataset<Row> balance(Dataset<Row> evaluationBalance) {
    return evaluationBalance.select(Evaluation.PERIOD, Evaluation.ROLE, Evaluation.TREATED_GPS,
            Evaluation.CONTROL_GPS, Evaluation.LOG_GAP, Evaluation.CLEAN_LOG_GAP,
            Evaluation.ESTIMATE_LOG, Evaluation.ESTIMATE_CI_LOW, Evaluation.ESTIMATE_CI_HIGH)
        .orderBy(Evaluation.PERIOD);
  }

  /** The headline row of the evaluated campaign, beside the published comparison's estimate. */
  public static Dataset<Row> headline(Dataset<Row> campaignEvaluation) {
    Dataset<Row> naive = campaignEvaluation.where(col(Evaluation.GROUP)
            .equalTo(Evaluation.ALL_OTHER))
        .select(col(Evaluation.CAMPAIGN), col(Evaluation.DID_LOG).as("naive_log"));
    return campaignEvaluation.where(col(Evaluation.HEADLINE))
        .select(Evaluation.CAMPAIGN, Evaluation.BASELINE, Evaluation.FOLLOW_UP,
            Evaluation.STATUS, Evaluation.TREATED_EVALUATED, Evaluation.DID_LOG,
            Evaluation.DID_CI_LOW, Evaluation.DID_CI_HIGH, Evaluation.SAVINGS_EUR,
            Evaluation.SAVINGS_EUR_LOW, Evaluation.SAVINGS_EUR_HIGH)
        .join(naive, Evaluation.CAMPAIGN);
  }

  /**
   * The fairness audit as drawn: per dimension and category, the share of the profiled GPs and
   * the shares of the targeted GPs with and without the safeguard (null when nobody is
   * targeted, so that a bar is absent rather than zero).
   */
  public static Dataset<Row> fairness(Dataset<Row> fairness) {
    return fairness.select(col(FairnessAudit.DIMENSION), col(FairnessAudit.CATEGORY),
            col(FairnessAudit.PROFILED_GPS), col(FairnessAudit.PROFILED_SHARE),
            col(FairnessAudit.TARGETED_GPS),
            when(col(FairnessAudit.TARGETED_GPS).gt(0), col(FairnessAudit.TARGETED_SHARE))
                .as(FairnessAudit.TARGETED_SHARE),
            col(FairnessAudit.TARGETED_SHARE_NO_SAFEGUARD))
        .orderBy(FairnessAudit.DIMENSION, FairnessAudit.CATEGORY);
  }
}
