package org.ijcampaign.evaluation;

import static org.ijcampaign.evaluation.CampaignEvaluation.B_DAYS;
import static org.ijcampaign.evaluation.CampaignEvaluation.B_EXPOSURE;
import static org.ijcampaign.evaluation.CampaignEvaluation.F_DAYS;
import static org.ijcampaign.evaluation.CampaignEvaluation.F_EXPOSURE;
import static org.ijcampaign.evaluation.CampaignEvaluation.GROUP;
import static org.ijcampaign.evaluation.CampaignEvaluation.OBJECTIVE;
import static org.ijcampaign.schema.Profile.PHYSICIAN_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;
import org.junit.jupiter.api.Test;

/**
 * The savings' and the objectives' aggregations (docs/evaluation.md, "What is estimated";
 * docs/method.md, "Evaluation") over a few hand-made GPs. A figure a test does not use is null.
 */
class PanelFiguresTest extends SparkTestBase {

  private static final StructType PANEL = new StructType()
      .add(PHYSICIAN_ID, DataTypes.StringType)
      .add(GROUP, DataTypes.StringType)
      .add(B_DAYS, DataTypes.DoubleType)
      .add(B_EXPOSURE, DataTypes.DoubleType)
      .add(F_DAYS, DataTypes.DoubleType)
      .add(F_EXPOSURE, DataTypes.DoubleType)
      .add(OBJECTIVE, DataTypes.DoubleType);

  private static final StructType PROFILE = new StructType()
      .add(PHYSICIAN_ID, DataTypes.StringType)
      .add(Profile.IJ_DAYS, DataTypes.DoubleType)
      .add(Profile.AMOUNT_EUR, DataTypes.DoubleType);

  /**
   * T1 (MSO): rate 100/10 = 10 over 12 patient-years = 120; T2 (MSAP): 40/4 = 10 over 5 = 50.
   * The untreated GP is no part of it.
   */
  @Test
  void daysAtBaselineRatesAreEachTreatedGpsBaselineRateOverHisFollowUpExposure() {
    double days = Savings.daysAtBaselineRates(TableRows.of(PANEL)
        .row(PHYSICIAN_ID, "T1", GROUP, Evaluation.MSO, B_DAYS, 100.0, B_EXPOSURE, 10.0,
            F_EXPOSURE, 12.0)
        .row(PHYSICIAN_ID, "T2", GROUP, Evaluation.MSAP, B_DAYS, 40.0, B_EXPOSURE, 4.0,
            F_EXPOSURE, 5.0)
        .row(PHYSICIAN_ID, "O1", GROUP, Evaluation.ALL_OTHER, B_DAYS, 500.0, B_EXPOSURE, 50.0,
            F_EXPOSURE, 60.0)
        .toDataset(spark()));
    assertEquals(170.0, days, 1e-9);
  }

  /**
   * 1,500 € over 30 days and 4,500 € over 70 days: 6,000 € over 100 days = 60 € a day, not the
   * mean of the GPs' 50 and 64.29.
   */
  @Test
  void eurosPerDayWeighEachGpByHisDays() {
    double eurPerDay = Savings.eurPerDay(TableRows.of(PROFILE)
        .row(PHYSICIAN_ID, "G1", Profile.IJ_DAYS, 30.0, Profile.AMOUNT_EUR, 1_500.0)
        .row(PHYSICIAN_ID, "G2", Profile.IJ_DAYS, 70.0, Profile.AMOUNT_EUR, 4_500.0)
        .toDataset(spark()));
    assertEquals(60.0, eurPerDay, 1e-12);
  }

  /**
   * Three MSO GPs with an objective of 5 days per patient-year: A at 4.5 and B at exactly 5
   * reached it, C at 6 did not. D (MSO, no objective), E (MSAP) and F (untreated) do not count.
   */
  @Test
  void attainmentIsTheShareOfMsoGpsWithAnObjectiveAtOrBelowIt() {
    ObjectiveAttainment a = ObjectiveAttainment.of(TableRows.of(PANEL)
        .row(PHYSICIAN_ID, "A", GROUP, Evaluation.MSO, F_DAYS, 45.0, F_EXPOSURE, 10.0,
            OBJECTIVE, 5.0)
        .row(PHYSICIAN_ID, "B", GROUP, Evaluation.MSO, F_DAYS, 50.0, F_EXPOSURE, 10.0,
            OBJECTIVE, 5.0)
        .row(PHYSICIAN_ID, "C", GROUP, Evaluation.MSO, F_DAYS, 60.0, F_EXPOSURE, 10.0,
            OBJECTIVE, 5.0)
        .row(PHYSICIAN_ID, "D", GROUP, Evaluation.MSO, F_DAYS, 10.0, F_EXPOSURE, 10.0)
        .row(PHYSICIAN_ID, "E", GROUP, Evaluation.MSAP, F_DAYS, 10.0, F_EXPOSURE, 10.0,
            OBJECTIVE, 9.0)
        .row(PHYSICIAN_ID, "F", GROUP, Evaluation.ALL_OTHER, F_DAYS, 10.0, F_EXPOSURE, 10.0)
        .toDataset(spark()));
    assertEquals(new ObjectiveAttainment(3, 2), a);
    assertEquals(2.0 / 3, a.share(), 1e-12);
  }

  /** No MSO GP with an objective: no attainment to report, rather than 0 %. */
  @Test
  void noGpWithAnObjectiveMeansNoAttainment() {
    ObjectiveAttainment a = ObjectiveAttainment.of(TableRows.of(PANEL)
        .row(PHYSICIAN_ID, "D", GROUP, Evaluation.MSO, F_DAYS, 10.0, F_EXPOSURE, 10.0)
        .row(PHYSICIAN_ID, "E", GROUP, Evaluation.MSAP, F_DAYS, 10.0, F_EXPOSURE, 10.0,
            OBJECTIVE, 9.0)
        .toDataset(spark()));
    assertEquals(new ObjectiveAttainment(0, 0), a);
    assertNull(a.share());
  }
}
