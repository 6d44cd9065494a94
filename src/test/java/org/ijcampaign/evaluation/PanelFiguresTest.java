package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Evaluation;
import org.ijcampaign.schema.Profile;
import org.junit.jupiter.api.Test;

/**
 * The savings' and the objectives' aggregations (docs/evaluation.md, "What is estimated";
 * docs/method.md, "Evaluation") over a few hand-made GPs. A figure a test does not use is null.
 */
class PanelFiguresTest extends SparkTestBase {

  private static final StructType PANEL = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(CampaignEvaluation.GROUP, DataTypes.StringType)
      .add(CampaignEvaluation.B_DAYS, DataTypes.DoubleType)
      .add(CampaignEvaluation.B_EXPOSURE, DataTypes.DoubleType)
      .add(CampaignEvaluation.F_DAYS, DataTypes.DoubleType)
      .add(CampaignEvaluation.F_EXPOSURE, DataTypes.DoubleType)
      .add(CampaignEvaluation.OBJECTIVE, DataTypes.DoubleType);

  private static final StructType PROFILE = new StructType()
      .add(Profile.PHYSICIAN_ID, DataTypes.StringType)
      .add(Profile.IJ_DAYS, DataTypes.DoubleType)
      .add(Profile.AMOUNT_EUR, DataTypes.DoubleType);

  /**
   * T1 (MSO): rate 100/10 = 10 over 12 patient-years = 120; T2 (MSAP): 40/4 = 10 over 5 = 50.
   * The untreated GP is no part of it.
   */
  @Test
  void daysAtBaselineRatesAreEachTreatedGpsBaselineRateOverHisFollowUpExposure() {
    double days = Savings.daysAtBaselineRates(rows(PANEL,
        new Object[] {"T1", Evaluation.MSO, 100.0, 10.0, null, 12.0, null},
        new Object[] {"T2", Evaluation.MSAP, 40.0, 4.0, null, 5.0, null},
        new Object[] {"O1", Evaluation.ALL_OTHER, 500.0, 50.0, null, 60.0, null}));
    assertEquals(170.0, days, 1e-9);
  }

  /**
   * 1,500 € over 30 days and 4,500 € over 70 days: 6,000 € over 100 days = 60 € a day, not the
   * mean of the GPs' 50 and 64.29.
   */
  @Test
  void eurosPerDayWeighEachGpByHisDays() {
    double eurPerDay = Savings.eurPerDay(rows(PROFILE,
        new Object[] {"G1", 30.0, 1_500.0},
        new Object[] {"G2", 70.0, 4_500.0}));
    assertEquals(60.0, eurPerDay, 1e-12);
  }

  /**
   * Three MSO GPs with an objective of 5 days per patient-year: A at 4.5 and B at exactly 5
   * reached it, C at 6 did not. D (MSO, no objective), E (MSAP) and F (untreated) do not count.
   */
  @Test
  void attainmentIsTheShareOfMsoGpsWithAnObjectiveAtOrBelowIt() {
    ObjectiveAttainment a = ObjectiveAttainment.of(rows(PANEL,
        new Object[] {"A", Evaluation.MSO, null, null, 45.0, 10.0, 5.0},
        new Object[] {"B", Evaluation.MSO, null, null, 50.0, 10.0, 5.0},
        new Object[] {"C", Evaluation.MSO, null, null, 60.0, 10.0, 5.0},
        new Object[] {"D", Evaluation.MSO, null, null, 10.0, 10.0, null},
        new Object[] {"E", Evaluation.MSAP, null, null, 10.0, 10.0, 9.0},
        new Object[] {"F", Evaluation.ALL_OTHER, null, null, 10.0, 10.0, null}));
    assertEquals(new ObjectiveAttainment(3, 2), a);
    assertEquals(2.0 / 3, a.share(), 1e-12);
  }

  /** No MSO GP with an objective: no attainment to report, rather than 0 %. */
  @Test
  void noGpWithAnObjectiveMeansNoAttainment() {
    ObjectiveAttainment a = ObjectiveAttainment.of(rows(PANEL,
        new Object[] {"D", Evaluation.MSO, null, null, 10.0, 10.0, null},
        new Object[] {"E", Evaluation.MSAP, null, null, 10.0, 10.0, 9.0}));
    assertEquals(new ObjectiveAttainment(0, 0), a);
    assertNull(a.share());
  }
}
