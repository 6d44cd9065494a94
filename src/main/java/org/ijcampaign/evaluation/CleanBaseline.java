package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * treated were chosen on their figures of the selection window, chance included; a stop that
 * ran during the window carries that chance into every semester it spans. So each GP's days in
 * the semesters after the selection are split into the days of stops that ran during the
 * window ("touched") and the rest ("clean"): the clean days' chance is independent of the
 * selection, and they make the baseline and the growth of the untreated.
 */
public final class CleanBaseline {
  static final String STOP_KEY = "_stop_key";
  public static final String TOUCHED = "touched_days";
  public static final String STRATUM = "stratum";
  static final String TREATED = "is_treated";

  private CleanBaseline() {}

  /**
   * The in-scope stops (MALADIE, neither reversal nor reversed) whose paid periods, from the
   * first day of the first to the last day of the last, overlap {@code [from, to]}; a claim
   * without a stop id is a stop of its own. One column, {@link #STOP_KEY}.
   */
  public static Dataset<Row> touchingStops(Dataset<Row> claims, LocalDate from, LocalDate to) {
    return claims.where(col(Claims.RISK).equalTo(Claims.MALADIE)
            .and(col(Claims.REVERSAL_OF).isNull())
            .and(col(SetChecks.REVERSED).equalTo(false)))
        .withColumn(STOP_KEY, stopKey())
        .groupBy(STOP_KEY)
        .agg(min(Claims.PERIOD_START).as("_first"), max(Claims.PERIOD_END).as("_last"))
        .where(col("_first").leq(lit(Date.valueOf(to))).and(col("_last")
            .geq(lit(Date.valueOf(from)))))
        .select(STOP_KEY);
  }

  private static Column stopKey() {
    return coalesce(concat(lit("s:"), col(Claims.STOP_ID)),
        concat(lit("c:"), col(Claims.CLAIM_ID)));
  }

  /**
   * Per period and GP: the pro-rata days of his attributed claims ({@link
   * Profiles#attributedClaims}) whose stop ran during the selection window.
   */
  public static Dataset<Row> touchedDays(Dataset<Row> attributed, Dataset<Row> touchingStops) {
    return attributed.withColumn(STOP_KEY, stopKey())
        .join(touchingStops, Joins.on(STOP_KEY), "left_semi")
        .groupBy(col(Profile.PERIOD), col(Profiles.ATTRIBUTED_ID).as(Profile.PHYSICIAN_ID))
        .agg(sum(Profiles.DAYS).as(TOUCHED));
  }

  /**
   * One row per GP and profiled semester, for the GPs profiled in every baseline semester and in
   * the follow-up: his group (the treated's, else {@code ALL_OTHER}), his stratum (his region at
   * the follow-up), days, touched days and exposure.
   */
  public static Dataset<Row> panel(Dataset<Row> profiles, Dataset<Row> touched,
      Dataset<Row> treated, List<String> baseline, String followUp) {
    java.util.Set<String> needed = new java.util.LinkedHashSet<>(baseline);
    needed.add(followUp);
    Dataset<Row> profiled = profiles.where(col(Profile.PROFILED));
    Dataset<Row> members = profiled.where(col(Profile.PERIOD).isin(needed.toArray()))
        .groupBy(Profile.PHYSICIAN_ID)
        .agg(countDistinct(Profile.PERIOD).as("_n"),
            first(when(col(Profile.PERIOD).equalTo(followUp), col(Profile.REGION_CODE)), true)
                .as(STRATUM))
        .where(col("_n").equalTo(needed.size()))
        .select(col(Profile.PHYSICIAN_ID), coalesce(col(STRATUM), lit("?")).as(STRATUM));
    return profiled.select(Profile.PHYSICIAN_ID, Profile.PERIOD, Profile.IJ_DAYS,
            Profile.EXPOSURE)
        .join(members, Profile.PHYSICIAN_ID)
        .join(touched, Joins.on(Profile.PERIOD, Profile.PHYSICIAN_ID), "left")
        .join(treated.select(Profile.PHYSICIAN_ID, CampaignEvaluation.GROUP),
            Joins.on(Profile.PHYSICIAN_ID), "left")
        .select(col(Profile.PHYSICIAN_ID), col(Profile.PERIOD), col(STRATUM),
            coalesce(col(CampaignEvaluation.GROUP), lit(Evaluation.ALL_OTHER))
                .as(CampaignEvaluation.GROUP),
            col(CampaignEvaluation.GROUP).isNotNull().as(TREATED),
            col(Profile.IJ_DAYS), coalesce(col(TOUCHED), lit(0.0)).as(TOUCHED),
            col(Profile.EXPOSURE));
  }

  /**
   * Per GP of the panel: his clean days and exposure pooled over {@code baseline}, and at
   * {@code target} his days ({@code placebo}: his clean days) and the days added back to his
   * counterfactual (his touched days; none for a placebo, whose days are clean).
   */
  static Dataset<Row> figures(Dataset<Row> panel, List<String> baseline, String target,
      boolean placebo) {
    Column inBase = col(Profile.PERIOD).isin(baseline.toArray());
    Column atTarget = col(Profile.PERIOD).equalTo(target);
    Column clean = col(Profile.IJ_DAYS).minus(col(TOUCHED));
    return panel.groupBy(Profile.PHYSICIAN_ID, STRATUM, TREATED)
        .agg(sum(when(inBase, clean).otherwise(0.0)).as("b"),
            sum(when(inBase, col(Profile.EXPOSURE)).otherwise(0.0)).as("bx"),
            sum(when(atTarget, placebo ? clean : col(Profile.IJ_DAYS)).otherwise(0.0))
                .as("f"),
            sum(when(atTarget, clean).otherwise(0.0)).as("fc"),
            sum(when(atTarget, placebo ? lit(0.0) : col(TOUCHED)).otherwise(0.0))
                .as("add"),
            sum(when(atTarget, col(Profile.EXPOSURE)).otherwise(0.0)).as("fx"),
            count(when(atTarget, 1)).as("_at"))
        .where(col("_at").gt(0).and(col("bx").gt(0)));
  }

  /**
   * The untreated GPs' growth of clean days per stratum with at least {@code minControls} of
   * them, and of them all ({@link CleanDid#ALL_STRATA}), with the variance of its log: a
   * control's influence on log(clean rate at target / clean baseline rate) summed in squares.
   * A handful of rows reach the driver.
   */
  static Map<String, CleanDid.Growth> growth(Dataset<Row> figures, int minControls) {
    Dataset<Row> controls = figures.where(col(TREATED).equalTo(false))
        .select(col(STRATUM), col("b"), col("bx"), col("fc"), col("fx"));
    Dataset<Row> both = controls.unionByName(controls.withColumn(STRATUM,
        lit(CleanDid.ALL_STRATA)));
    Dataset<Row> sums = both.groupBy(STRATUM).agg(count(lit(1)).as("n"), sum("b").as("sb"),
        sum("bx").as("sbx"), sum("fc").as("sf"), sum("fx").as("sfx"));
    Column phi = col("fc").divide(col("sf")).minus(col("fx").divide(col("sfx")))
        .minus(col("b").divide(col("sb"))).plus(col("bx").divide(col("sbx")));
    Dataset<Row> rows = both.join(sums, STRATUM).groupBy(STRATUM)
        .agg(first("n").as("n"), first("sb").as("sb"), first("sbx").as("sbx"),
            first("sf").as("sf"), first("sfx").as("sfx"), sum(phi.multiply(phi)).as("v"));
    Map<String, CleanDid.Growth> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      String s = r.getAs(STRATUM);
      long n = r.getAs("n");
      if (n >= minControls || s.equals(CleanDid.ALL_STRATA)) {
        out.put(s, new CleanDid.Growth(s, n, r.getAs("sb"), r.getAs("sbx"), r.getAs("sf"),
            r.getAs("sfx"), r.getAs("v")));
      }
    }
    return out;
  }

  /** The treated GPs' figures, for the driver: a few thousand rows at national scale. */
  static List<CleanDid.Treated> treatedFigures(Dataset<Row> figures) {
    List<CleanDid.Treated> out = new ArrayList<>();
    for (Row r : figures.where(col(TREATED)).orderBy(Profile.PHYSICIAN_ID).collectAsList()) {
      out.add(new CleanDid.Treated(r.getAs(STRATUM), r.getAs("b"), r.getAs("bx"),
          r.getAs("f"), r.getAs("add"), r.getAs("fx")));
    }
    return out;
  }

  /**
   * An estimate and what it rests on: the untreated GPs of every stratum together ({@code
   * controls}, null without any) and the treated GPs of the panel ({@code treated}); {@code
   * result} is null when there is no estimate.
   */
  public record Estimate(CleanDid.Result result, CleanDid.Growth controls, long treated) {}

  /** The estimate with {@code baseline} against {@code target}. */
  public static Estimate estimate(Dataset<Row> panel, List<String> baseline, String target,
      boolean placebo, int minControls) {
    Dataset<Row> f = figures(panel, baseline, target, placebo).cache();
    try {
      Map<String, CleanDid.Growth> g = growth(f, minControls);
      List<CleanDid.Treated> treated = treatedFigures(f);
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
   * clean days, and the log gap between the two groups (the balance diagnostic).
   */
  public static Dataset<Row> balance(Dataset<Row> panel) {
    Column t = col(TREATED);
    Column clean = col(Profile.IJ_DAYS).minus(col(TOUCHED));
    return panel.groupBy(Profile.PERIOD)
        .agg(count(when(t, 1)).as(Evaluation.TREATED_GPS),
            count(when(t.equalTo(false), 1)).as(Evaluation.CONTROL_GPS),
            sum(when(t, col(Profile.IJ_DAYS))).divide(sum(when(t, col(Profile.EXPOSURE))))
                .as(Evaluation.TREATED_RATE),
            sum(when(t.equalTo(false), col(Profile.IJ_DAYS)))
                .divide(sum(when(t.equalTo(false), col(Profile.EXPOSURE))))
                .as(Evaluation.CONTROL_RATE),
            sum(when(t, clean)).divide(sum(when(t, col(Profile.EXPOSURE))))
                .as(Evaluation.TREATED_CLEAN_RATE),
            sum(when(t.equalTo(false), clean))
                .divide(sum(when(t.equalTo(false), col(Profile.EXPOSURE))))
                .as(Evaluation.CONTROL_CLEAN_RATE))
        .withColumn(Evaluation.LOG_GAP, org.apache.spark.sql.functions.log(
            col(Evaluation.TREATED_RATE).divide(col(Evaluation.CONTROL_RATE))))
        .withColumn(Evaluation.CLEAN_LOG_GAP, when(col(Evaluation.TREATED_CLEAN_RATE).gt(0)
                .and(col(Evaluation.CONTROL_CLEAN_RATE).gt(0)),
            org.apache.spark.sql.functions.log(col(Evaluation.TREATED_CLEAN_RATE)
                .divide(col(Evaluation.CONTROL_CLEAN_RATE)))));
  }
}
