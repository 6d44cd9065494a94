package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.Evaluation;

/**
 * How many MSO GPs had an objective, and how many of them reached it: a follow-up rate at or
 * below the objective (docs/method.md, "Evaluation"). Only the MSO group counts: a GP who also
 * had an MSAP event is in the MSAP group, whatever objective he was given before.
 *
 * @param withObjective MSO GPs of the published comparison's panel with an objective
 * @param reached those whose follow-up days per patient-year are at or below it
 */
record ObjectiveAttainment(long withObjective, long reached) {
  private static final String WITH_OBJECTIVE = "with_objective";
  private static final String REACHED = "reached";

  /** Counts the panel's MSO GPs with an objective and those who reached it. */
  static ObjectiveAttainment of(Dataset<Row> panel) {
    Row r = panel.where(col(CampaignEvaluation.GROUP).equalTo(Evaluation.MSO)
            .and(col(CampaignEvaluation.OBJECTIVE).isNotNull()))
        .agg(count(lit(1)).as(WITH_OBJECTIVE),
            sum(when(col(CampaignEvaluation.F_DAYS).divide(col(CampaignEvaluation.F_EXPOSURE))
                .leq(col(CampaignEvaluation.OBJECTIVE)), 1).otherwise(0)).as(REACHED)).head();
    Long reached = r.getAs(REACHED);
    return new ObjectiveAttainment(r.getAs(WITH_OBJECTIVE), reached == null ? 0 : reached);
  }

  /** The share who reached their objective; null, not 0, when no GP had one. */
  Double share() {
    return withObjective == 0 ? null : reached / (double) withObjective;
  }
}
