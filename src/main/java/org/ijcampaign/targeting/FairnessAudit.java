package org.ijcampaign.targeting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.schema.Territory;

/**
 * Does the method itself skew who is targeted? For each GP attribute (sex, age band, years since
 * installation, exercise mode, cluster, supply class): the share of the profiled GPs in each
 * category beside its share of the targeted GPs, with and without the safeguard, and the
 * targeting rate of the category. A category whose share of the targeted far exceeds its share
 * of the profiled is what the unions' "75 % of those targeted were women" would look like.
 */
public final class FairnessAudit {
  public static final String DIMENSION = "dimension";
  public static final String CATEGORY = "category";
  public static final String PROFILED_GPS = "profiled_gps";
  public static final String PROFILED_SHARE = "profiled_share";
  public static final String TARGETED_GPS = "targeted_gps";
  public static final String TARGETED_SHARE = "targeted_share";
  public static final String TARGETING_RATE = "targeting_rate";
  public static final String TARGETED_NO_SAFEGUARD = "targeted_gps_no_safeguard";
  public static final String TARGETED_SHARE_NO_SAFEGUARD = "targeted_share_no_safeguard";
  /** The campaign's other selection rule (PUBLISHED or PERSISTENT) and whom it targets. */
  public static final String OTHER_RULE = "other_rule";
  public static final String TARGETED_OTHER_RULE = "targeted_gps_other_rule";
  public static final String TARGETED_SHARE_OTHER_RULE = "targeted_share_other_rule";

  /** The {@code years_installed} category of a GP without an installation date. */
  public static final String NOT_INSTALLED = "not_installed";

  private FairnessAudit() {}

  /**
   * @param withSafeguard targeting rows of the campaign as run
   * @param withoutSafeguard the same campaign with the safeguard off
   * @param territories the observation period's territories (cluster, supply class)
   */
  public static Dataset<Row> audit(Dataset<Row> withSafeguard, Dataset<Row> withoutSafeguard,
      Dataset<Row> territories, CampaignConfig c) {
    return audit(withSafeguard, withoutSafeguard, null, territories, c);
  }

  /**
   * The same, with the campaign's other selection rule beside it ({@code otherRule}: its
   * targeting rows, safeguard as run; null when the campaign has no persistent estimate), so that
   * the audit compares the published and the persistent rules on the same GPs.
   */
  public static Dataset<Row> audit(Dataset<Row> withSafeguard, Dataset<Row> withoutSafeguard,
      Dataset<Row> otherRule, Dataset<Row> territories, CampaignConfig c) {
    Dataset<Row> other = otherRule != null
        ? otherRule.select(col(Profile.PHYSICIAN_ID), col(Targeting.STATUS).as("_status_other"))
        : withSafeguard.select(col(Profile.PHYSICIAN_ID),
            lit(null).cast("string").as("_status_other"));
    String otherName = c.persistent().rule() == CampaignConfig.SelectionRule.PERSISTENT
        ? CampaignConfig.SelectionRule.PUBLISHED.name()
        : CampaignConfig.SelectionRule.PERSISTENT.name();
    Date start = Date.valueOf(c.observation().start());
    int year = c.observation().finalYear();
    Column age = lit(year).minus(col(Profile.BIRTH_YEAR));
    Column years = floor(months_between(lit(start), col(Profile.INSTALLATION_DATE)).divide(12));
    Dataset<Row> base = withSafeguard
        .join(withoutSafeguard.select(col(Profile.PHYSICIAN_ID),
            col(Targeting.STATUS).as("_status_off")), Profile.PHYSICIAN_ID)
        .join(other, Profile.PHYSICIAN_ID)
        .join(territories.select(Profile.PHYSICIAN_ID, Territory.CLUSTER,
            Territory.SUPPLY_CLASS), Profile.PHYSICIAN_ID, "left")
        .withColumn("_t", when(col(Targeting.STATUS).equalTo(Targeting.TARGETED), 1).otherwise(0))
        .withColumn("_t_off", when(col("_status_off").equalTo(Targeting.TARGETED), 1)
            .otherwise(0))
        .withColumn("_t_other", when(col("_status_other").isNull(), lit(null).cast("int"))
            .when(col("_status_other").equalTo(Targeting.TARGETED), 1).otherwise(0))
        .withColumn("sex", col(Profile.SEX))
        .withColumn("age_band", when(age.lt(40), "<40").when(age.lt(50), "40-49")
            .when(age.lt(60), "50-59").otherwise("60+"))
        // A substitute who is not installed has no date: his own category, not "10+".
        .withColumn("years_installed", when(years.isNull(), NOT_INSTALLED)
            .when(years.lt(2), "<2").when(years.lt(5), "2-4")
            .when(years.lt(10), "5-9").otherwise("10+"))
        .withColumn("exercise_mode", col(Profile.EXERCISE_MODE))
        .withColumn("cluster", col(Territory.CLUSTER).cast("string"))
        .withColumn("supply_class", col(Territory.SUPPLY_CLASS).cast("string"));
    Dataset<Row> out = null;
    for (String dim : List.of("sex", "age_band", "years_installed", "exercise_mode", "cluster",
        "supply_class")) {
      Dataset<Row> d = base.groupBy(lit(dim).as(DIMENSION), col(dim).cast("string").as(CATEGORY))
          .agg(count(lit(1)).as(PROFILED_GPS), sum("_t").as(TARGETED_GPS),
              sum("_t_off").as(TARGETED_NO_SAFEGUARD), sum("_t_other").as(TARGETED_OTHER_RULE));
      out = out == null ? d : out.unionByName(d);
    }
    org.apache.spark.sql.expressions.WindowSpec w = Window.partitionBy(DIMENSION);
    return out
        .withColumn(PROFILED_SHARE, col(PROFILED_GPS).divide(sum(PROFILED_GPS).over(w)))
        .withColumn(TARGETED_SHARE, col(TARGETED_GPS).divide(sum(TARGETED_GPS).over(w)))
        .withColumn(TARGETED_SHARE_NO_SAFEGUARD, col(TARGETED_NO_SAFEGUARD)
            .divide(sum(TARGETED_NO_SAFEGUARD).over(w)))
        .withColumn(TARGETED_SHARE_OTHER_RULE, col(TARGETED_OTHER_RULE)
            .divide(sum(TARGETED_OTHER_RULE).over(w)))
        .withColumn(OTHER_RULE, when(col(TARGETED_OTHER_RULE).isNotNull(), lit(otherName)))
        .withColumn(TARGETING_RATE, col(TARGETED_GPS).divide(col(PROFILED_GPS)))
        .withColumn(Targeting.CAMPAIGN, lit(c.name()))
        .select(Targeting.CAMPAIGN, DIMENSION, CATEGORY, PROFILED_GPS, PROFILED_SHARE,
            TARGETED_GPS, TARGETED_SHARE, TARGETING_RATE, TARGETED_NO_SAFEGUARD,
            TARGETED_SHARE_NO_SAFEGUARD, OTHER_RULE, TARGETED_OTHER_RULE,
            TARGETED_SHARE_OTHER_RULE)
        .orderBy(DIMENSION, CATEGORY);
  }
}
