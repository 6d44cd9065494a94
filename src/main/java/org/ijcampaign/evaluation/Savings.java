package org.ijcampaign.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;

/**
 * A campaign's savings: counterfactual days − actual days, and the same in euros at the
 * follow-up's mean paid amount per day (docs/evaluation.md, "What is estimated"). The headline's
 * days and their interval are {@link CleanDid}'s; this class gives the euros per day, turns days
 * into euros, and computes the published comparison's savings.
 */
final class Savings {
  private static final String EXPECTED_DAYS = "expected_days";

  private Savings() {}

  /** The follow-up's mean paid amount per day, from its profile (pro-rata days and euros). */
  static double eurPerDay(Dataset<Row> followUpProfile) {
    Row money = followUpProfile.agg(sum(Profile.AMOUNT_EUR).as(Profile.AMOUNT_EUR),
        sum(Profile.IJ_DAYS).as(Profile.IJ_DAYS)).head();
    return eurPerDay(money.getAs(Profile.AMOUNT_EUR), money.getAs(Profile.IJ_DAYS));
  }

  /** Σ euros over Σ days: a mean weighted by days, so long stops weigh what they cost. */
  static double eurPerDay(double amountEur, double paidDays) {
    return amountEur / paidDays;
  }

  /** Days saved, or either end of their interval, in euros. */
  static double euros(double days, double eurPerDay) {
    return days * eurPerDay;
  }

  /**
   * The treated GPs' follow-up days had each kept his baseline rate: Σ baseline days / baseline
   * exposure × follow-up exposure over the treated rows of the published comparison's panel.
   */
  static double daysAtBaselineRates(Dataset<Row> panel) {
    return panel.where(col(CampaignEvaluation.GROUP).notEqual(Evaluation.ALL_OTHER))
        .agg(sum(col(CampaignEvaluation.B_DAYS).divide(col(CampaignEvaluation.B_EXPOSURE))
            .multiply(col(CampaignEvaluation.F_EXPOSURE))).as(EXPECTED_DAYS))
        .head().getAs(EXPECTED_DAYS);
  }

  /**
   * The published comparison's savings (docs/evaluation.md, "The published comparison"): the
   * treated's days at their baseline rates moved like all other GPs' rate, against what they
   * were paid. It overstates the savings as the comparison overstates the effect.
   *
   * @param othersGrowth all other GPs' follow-up rate over their baseline rate
   */
  static double publishedDays(double daysAtBaselineRates, double othersGrowth,
      double actualDays) {
    return daysAtBaselineRates * othersGrowth - actualDays;
  }
}
