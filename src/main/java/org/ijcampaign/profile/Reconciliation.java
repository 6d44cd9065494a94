package org.ijcampaign.profile;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.ingest.SetChecks;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.Profile;

/**
 * The claims' in-scope paid days per period, computed straight from {@code claims_clean}
 * without attribution, links or joins to prescribers: what the profile's days must add up to.
 */
public final class Reconciliation {
  public static final String IN_SCOPE_DAYS = "in_scope_days";
  public static final String PROFILE_DAYS = "profile_days";

  private Reconciliation() {}

  public static Dataset<Row> inScopeDays(Dataset<Row> claims, Dataset<Row> periods) {
    // Claims and periods both have period_start/period_end: the periods' are renamed.
    Dataset<Row> p = periods.select(col(Profile.PERIOD), col(Profile.PERIOD_START).as("_p_start"),
        col(Profile.PERIOD_END).as("_p_end"));
    return claims
        .where(inScope())
        .join(broadcast(p), col(Claims.PERIOD_START).leq(col("_p_end"))
            .and(col(Claims.PERIOD_END).geq(col("_p_start"))))
        .groupBy(Profile.PERIOD)
        .agg(sum(proRataDays(col("_p_start"), col("_p_end"))).as(IN_SCOPE_DAYS));
  }

  /**
   * The claims whose days count (docs/method.md, "Profile"): {@code MALADIE}, neither a reversal
   * nor reversed.
   * The profile writes its own filter and pro-rata on purpose, so that this check of its days
   * does not share its code; figures computed beside the pipeline (accuracy scoring) use these.
   */
  public static Column inScope() {
    return col(Claims.RISK).equalTo(Claims.MALADIE).and(col(Claims.REVERSAL_OF).isNull())
        .and(col(SetChecks.REVERSED).equalTo(false));
  }

  /** A claim's paid days inside [start, end], day by day: paid × days inside / calendar days. */
  public static Column proRataDays(Column start, Column end) {
    return col(Claims.PAID_DAYS)
        .multiply(datediff(least(col(Claims.PERIOD_END), end),
            greatest(col(Claims.PERIOD_START), start)).plus(1))
        .divide(datediff(col(Claims.PERIOD_END), col(Claims.PERIOD_START)).plus(1));
  }

  /** Per period: in-scope days of the claims against the profile's days over all prescribers. */
  public static Dataset<Row> compare(Dataset<Row> inScopeDays, Dataset<Row> profile) {
    return inScopeDays.join(profile.groupBy(Profile.PERIOD)
            .agg(sum(Profile.IJ_DAYS).as(PROFILE_DAYS)), Profile.PERIOD)
        .orderBy(Profile.PERIOD);
  }
}
