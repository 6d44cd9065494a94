package org.ijcampaign.lab;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.config.Period;
import org.ijcampaign.evaluation.CampaignEvaluation;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.lab.generate.Calibration;
import org.ijcampaign.lab.generate.Truth;
import org.ijcampaign.profile.Reconciliation;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;

/**
 * What the generator planted, set beside a warehouse built from its landing zone: the effect
 * of the 2023 campaign the evaluation should recover. Used by the {@code accuracy} job and by
 * the end-to-end test, which both judge the evaluation against the generated truth.
 */
public final class PlantedEffects {
  private PlantedEffects() {}

  /** The truth's physicians file ({@code DIR/truth/physicians_truth.csv}), as strings. */
  public static Dataset<Row> physicians(SparkSession spark, String dir) {
    return spark.read().option("header", "true").option("sep", ";")
        .csv(Path.of(dir, "truth", Truth.PHYSICIANS_FILE).toString());
  }

  /**
   * The planted effect on prescribing: the mean true log multiplier of the GPs the evaluation
   * treats (MSO or MSAP in the landing zone's campaign_history), from the generator's truth.
   */
  public static double prescribing(DeltaStore store, Dataset<Row> truth, String campaign) {
    return CampaignEvaluation.treated(store.read(Tables.CAMPAIGN_HISTORY), campaign)
        .join(truth, Profile.PHYSICIAN_ID)
        .agg(avg(col("treatment_log_effect").cast("double")).as("_effect")).head()
        .getAs("_effect");
  }

  /** {@link #followUpDays(DeltaStore, Dataset, String, Period, LocalDate)} from the date the
   * generator's treatment acts ({@link Calibration#EFFECT_FROM}). */
  public static DaysEffect followUpDays(DeltaStore store, Dataset<Row> truth, String campaign,
      Period followUp) {
    return followUpDays(store, truth, campaign, followUp,
        LocalDate.parse(Calibration.EFFECT_FROM));
  }

  /**
   * The planted effect on what the evaluation measures: the treated GPs' paid days in the
   * follow-up period. The treatment multiplies the stops a GP starts from {@code from} on; the
   * days of longer stops he started before are paid in the follow-up untouched. So the
   * counterfactual of his follow-up days divides only the days of stops started on or after
   * {@code from} by his true treatment multiplier, and the effect is the log of the treated's
   * pooled days over their pooled counterfactual days (days of their own MALADIE prescriptions,
   * pro rata to the period like the profile).
   */
  public static DaysEffect followUpDays(DeltaStore store, Dataset<Row> truth, String campaign,
      Period followUp, LocalDate from) {
    // A stop starts with its first paid period, reversed or not; its days count when in scope.
    Dataset<Row> starts = store.read(Tables.CLAIMS_CLEAN)
        .where(col(Claims.RISK).equalTo(Claims.MALADIE)).groupBy(Claims.STOP_ID)
        .agg(min(Claims.PERIOD_START).as("_stop_start"));
    Dataset<Row> claims = store.read(Tables.CLAIMS_CLEAN).where(Reconciliation.inScope());
    Column start = to_date(lit(followUp.start().toString()));
    Column end = to_date(lit(followUp.end().toString()));
    Column days = Reconciliation.proRataDays(start, end);
    Dataset<Row> treated = CampaignEvaluation.treated(store.read(Tables.CAMPAIGN_HISTORY),
            campaign).select(Profile.PHYSICIAN_ID)
        .join(truth.select(col(Profile.PHYSICIAN_ID),
            col("treatment_multiplier").cast("double").as("_f")), Profile.PHYSICIAN_ID);
    Column affected = col("_stop_start").geq(to_date(lit(from.toString())));
    Row r = claims.where(col(Claims.PERIOD_END).geq(start).and(col(Claims.PERIOD_START).leq(end)))
        .join(starts, Claims.STOP_ID)
        .join(treated, col(Claims.PRESCRIBER_ID).equalTo(col(Profile.PHYSICIAN_ID)))
        .agg(sum(days).as("_days"),
            sum(when(affected, days.divide(col("_f"))).otherwise(days)).as("_counterfactual"),
            sum(when(affected, 0.0).otherwise(days)).as("_days_before")).head();
    double paid = r.getAs("_days");
    double counterfactual = r.getAs("_counterfactual");
    double before = r.getAs("_days_before");
    return new DaysEffect(Math.log(paid / counterfactual), before / paid);
  }

  /**
   * The planted effect on the treated's follow-up paid days, and the share of those days that
   * come from stops started before the treatment acts (untouched by it).
   */
  public record DaysEffect(double effect, double shareBefore) {}
}
