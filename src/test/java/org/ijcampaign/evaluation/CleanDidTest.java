package org.ijcampaign.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headline estimate's arithmetic, on figures a reader can follow by hand. */
class CleanDidTest {

  /** Region R1's controls: clean rate 5 in the baseline, 5.5 at the follow-up: × 1.1. */
  private static final CleanDid.Growth R1 = new CleanDid.Growth("R1", 40, new double[] {500},
      new double[] {100}, new double[] {550}, 100, new double[] {0.001});
  private static final CleanDid.Growth ALL = new CleanDid.Growth(CleanDid.ALL_STRATA, 90,
      new double[] {900}, new double[] {200}, new double[] {1080}, 200, new double[] {0.0005});

  private static CleanDid.Treated treated(String stratum, double baseDays, double baseExposure,
      double followDays, double addBack, double followExposure) {
    return new CleanDid.Treated(stratum, new double[] {baseDays}, new double[] {baseExposure},
        followDays, addBack, followExposure);
  }

  /**
   * T1: rate 100/10 = 10, moved × 1.1 over 10 patient-years = 110, plus his 5 days of older
   * stops as paid = 115 against 90 actual. T2: 40/4 = 10 × 1.1 × 5 = 55 against 40. Effect
   * log(130/170). Variance: the jackknife (T1 left out: log(40/55); T2 left out: log(90/115))
   * and R1's growth, whose share of the counterfactual is 165/170. Had the campaign shortened
   * the older stops too, their 5 days would be undone by 165/125 (the stops it could reach:
   * 165 expected, 125 paid): the interval's lower end stretches to log(130/171.6).
   */
  @Test
  void theCounterfactualIsTheRateMovedLikeTheControlsPlusTheOlderStopsAsPaid() {
    CleanDid.Result r = CleanDid.estimate(List.of(
        treated("R1", 100, 10, 90, 5, 10),
        treated("R1", 40, 4, 40, 0, 5)), Map.of("R1", R1, CleanDid.ALL_STRATA, ALL));
    assertEquals(2, r.treated());
    assertEquals(130, r.actual(), 1e-12);
    assertEquals(170, r.counterfactual(), 1e-9);
    assertEquals(Math.log(130.0 / 170.0), r.log(), 1e-12);
    double a = Math.log(40.0 / 55);
    double b = Math.log(90.0 / 115);
    double mean = (a + b) / 2;
    double share = 165.0 / 170;
    double half = 1.959963984540054 * Math.sqrt(
        0.5 * ((a - mean) * (a - mean) + (b - mean) * (b - mean)) + share * share * 0.001);
    assertEquals(Math.log(130.0 / 170.0) + half, r.hi(), 1e-12);
    assertEquals(Math.log(130.0 / 171.6) - half, r.lo(), 1e-12);
    assertEquals(40, r.savingsDays(), 1e-9);
    // The savings interval is the effect's, in days: 130 × (e^−hi − 1) to 130 × (e^−lo − 1).
    assertEquals(130 * (Math.exp(-r.hi()) - 1), r.savingsLo(), 1e-9);
    assertEquals(130 * (Math.exp(-r.lo()) - 1), r.savingsHi(), 1e-9);
  }

  /** T3's region has too few controls of its own: he is moved by every region's (× 1.2). */
  @Test
  void aTreatedGpWithoutGrowthForHisStratumTakesEveryStratums() {
    CleanDid.Result r = CleanDid.estimate(List.of(treated("R2", 30, 3, 24, 0, 2)),
        Map.of("R1", R1, CleanDid.ALL_STRATA, ALL));
    assertEquals(10 * 1.2 * 2, r.counterfactual(), 1e-12);
  }

  @Test
  void noTreatedOrNoGrowthMeansNoEstimate() {
    assertNull(CleanDid.estimate(List.of(), Map.of("R1", R1)));
    assertNull(CleanDid.estimate(List.of(treated("R2", 30, 3, 24, 0, 2)),
        Map.of("R1", R1)));
  }

  /**
   * Two lags, each moved by its own growth: lag 0 (stops started in the semester) rate 6 × 1.0,
   * lag 1 (stops started the semester before) rate 3 × 1.5 (the controls' lag-1 days grew from
   * 200 to 300 over 100 patient-years), over 10 patient-years: 60 + 45, plus 20 days of older
   * stops as paid = 125 against 100 actual.
   */
  @Test
  void eachStopAgeIsMovedByTheControlsGrowthOfTheSameAge() {
    CleanDid.Growth g = new CleanDid.Growth(CleanDid.ALL_STRATA, 50, new double[] {600, 200},
        new double[] {100, 100}, new double[] {600, 300}, 100, new double[] {0, 0});
    CleanDid.Result r = CleanDid.estimate(List.of(new CleanDid.Treated("R1",
        new double[] {120, 30}, new double[] {20, 10}, 100, 20, 10)),
        Map.of(CleanDid.ALL_STRATA, g));
    assertEquals(125, r.counterfactual(), 1e-9);
    assertEquals(Math.log(100.0 / 125.0), r.log(), 1e-12);
  }
}
