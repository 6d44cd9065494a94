package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;

/**
 * For dashboards: the pooled rate of each evaluation group in every semester profiled, the
 * groups' membership fixed by the evaluation: the published comparison's groups, and the
 * headline estimate's controls ({@code CONTROLS}).
 */
public final class EvaluationSeries {
  private EvaluationSeries() {}

  public static Dataset<Row> series(Dataset<Row> profiles, Dataset<Row> panel,
      Dataset<Row> cleanPanel, String campaign) {
    Dataset<Row> semesters = profiles.where(col(Profile.PROFILED)
        .and(col(Profile.PERIOD).rlike("^[0-9]{4}S[12]$")));
    Dataset<Row> members = panel.select(col(Profile.PHYSICIAN_ID),
            col(CampaignEvaluation.GROUP))
        .unionByName(panel.where(col(CampaignEvaluation.GROUP).notEqual(Evaluation.ALL_OTHER))
            .select(col(Profile.PHYSICIAN_ID), lit(Evaluation.ALL_TREATED)
                .as(CampaignEvaluation.GROUP)))
        .unionByName(cleanPanel.where(col(CleanBaseline.TREATED).equalTo(false))
            .select(col(Profile.PHYSICIAN_ID), lit(Evaluation.CONTROLS)
                .as(CampaignEvaluation.GROUP)).distinct());
    return semesters.join(members, Profile.PHYSICIAN_ID)
        .groupBy(col(Profile.PERIOD), col(CampaignEvaluation.GROUP).as(Evaluation.GROUP))
        .agg(sum(col(Profile.IJ_DAYS)).as(Evaluation.DAYS),
            sum(col(Profile.EXPOSURE)).as(Evaluation.EXPOSURE),
            org.apache.spark.sql.functions.count(lit(1)).as(Evaluation.GPS))
        .withColumn(Evaluation.RATE, col(Evaluation.DAYS).divide(col(Evaluation.EXPOSURE)))
        .withColumn(Evaluation.CAMPAIGN, lit(campaign))
        .select(Evaluation.CAMPAIGN, Evaluation.PERIOD, Evaluation.GROUP, Evaluation.GPS,
            Evaluation.DAYS, Evaluation.EXPOSURE, Evaluation.RATE);
  }
}
