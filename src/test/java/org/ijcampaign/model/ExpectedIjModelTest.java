package org.ijcampaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class ExpectedIjModelTest extends SparkTestBase {

  /** The fit on varied patientèles, read by three tests: fitted once per class. */
  private static ExpectedIjModel.Result varied;

  private ExpectedIjModel.Result fit(boolean varyShares) {
    if (varyShares && varied != null) {
      return varied;
    }
    Dataset<Row> design = ExpectedIjModel.design(ModelFixture.profile(spark(), varyShares),
        ModelFixture.territories(spark()));
    ExpectedIjModel.Result r = ExpectedIjModel.fit(spark(), design, 50, 1e-12, "test-v1");
    if (!varyShares) {
      return r;
    }
    // The per-GP and coefficient rows are computed once; the tests only read them.
    varied = new ExpectedIjModel.Result(r.perGp().localCheckpoint(),
        r.coefficients().localCheckpoint(), r.phi(), r.tau2(), r.iterations(),
        r.droppedTerms());
    return varied;
  }

  private static Map<String, Row> byGp(Dataset<Row> perGp) {
    Map<String, Row> m = new HashMap<>();
    perGp.collectAsList().forEach(r -> m.put(r.getAs(Profile.PHYSICIAN_ID), r));
    return m;
  }

  /**
   * With identical patientèles, only the territory effects remain, and a Poisson fit with log
   * link reproduces each territory's totals: expected rate = Σ days / Σ exposure of the
   * territory, a figure a reader can check by hand.
   */
  @Test
  void withTerritoryEffectsOnlyTheExpectedRateIsTheTerritorysPooledRate() {
    ExpectedIjModel.Result r = fit(false);
    assertEquals(List.of("share_age_30_39", "share_age_40_49", "share_age_50_59",
        "share_age_60_64", "share_women", "share_ald", "share_c2s"), r.droppedTerms());
    double[] days = new double[3];
    double[] exposure = new double[3];
    for (int i = 0; i < ModelFixture.N; i++) {
      days[i % 3] += ModelFixture.observed(i);
      exposure[i % 3] += ModelFixture.exposure(i);
    }
    for (Row row : r.perGp().collectAsList()) {
      int t = List.of(ModelFixture.TERRITORIES).indexOf(row.<String>getAs(Territory.TERRITORY));
      assertEquals(days[t] / exposure[t], row.<Double>getAs(Expected.EXPECTED_RATE), 1e-8);
    }
  }

  @Test
  void coefficientsAgreeWithAnIndependentIrlsToOneMillionth() {
    ExpectedIjModel.Result r = fit(true);
    // Independent fit: intercept, the 7 shares, then territory dummies for all but the
    // alphabetically last territory ("11|2|*" is the reference).
    int n = ModelFixture.N;
    List<String> terms = new ArrayList<>(List.of(Expected.INTERCEPT));
    terms.addAll(Profile.MODEL_SHARES);
    terms.add("territory=11|1|1");
    terms.add("territory=11|1|2");
    double[][] x = new double[n][terms.size()];
    double[] y = new double[n];
    double[] offset = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      double[] sh = ModelFixture.shares(i, true);
      System.arraycopy(sh, 0, x[i], 1, sh.length);
      x[i][8] = i % 3 == 0 ? 1 : 0;
      x[i][9] = i % 3 == 1 ? 1 : 0;
      y[i] = ModelFixture.observed(i);
      offset[i] = Math.log(ModelFixture.exposure(i));
    }
    double[] beta = PoissonIrls.fit(x, y, offset);
    Map<String, Double> spark = new HashMap<>();
    for (Row c : r.coefficients().collectAsList()) {
      spark.put(c.getAs(Expected.TERM), c.getAs(Expected.ESTIMATE));
    }
    assertEquals(terms.size(), spark.size());
    for (int j = 0; j < terms.size(); j++) {
      assertEquals(beta[j], spark.get(terms.get(j)), 1e-6, terms.get(j));
    }
    // Standard errors: sqrt of the diagonal of (X'WX)^-1 at the solution.
    double[] se = PoissonIrls.standardErrors(x, y, offset, beta);
    for (Row c : r.coefficients().collectAsList()) {
      int j = terms.indexOf(c.<String>getAs(Expected.TERM));
      assertEquals(se[j], c.<Double>getAs(Expected.STD_ERROR), 1e-6 * Math.max(1, se[j]));
    }
  }

  @Test
  void derivesZFunnelsAndShrinkageFromTheTerritorysStopDispersion() {
    ExpectedIjModel.Result r = fit(true);
    Map<String, Row> gps = byGp(r.perGp());
    // D_t of territory 0 = Σ stop_days² / Σ days over its GPs.
    double sq = 0;
    double d = 0;
    for (int i = 0; i < ModelFixture.N; i += 3) {
      sq += ModelFixture.stopSq(i);
      d += ModelFixture.observed(i);
    }
    double dt = sq / d;
    Row g0 = gps.get("G0");
    double o = ModelFixture.observed(0);
    double e = g0.getAs(Expected.EXPECTED_DAYS);
    assertEquals(dt, g0.<Double>getAs(Expected.STOP_DISPERSION), 1e-9);
    assertEquals(o / e, g0.<Double>getAs(Expected.RATIO), 1e-12);
    assertEquals((o - e) / Math.sqrt(dt * e), g0.<Double>getAs(Expected.Z), 1e-9);
    assertEquals(1 + 3.09 * Math.sqrt(dt / e), g0.<Double>getAs(Expected.FUNNEL_998_HIGH), 1e-9);
    assertEquals(1 - 1.96 * Math.sqrt(dt / e), g0.<Double>getAs(Expected.FUNNEL_95_LOW), 1e-9);
    // τ² from its definition over all GPs, then the shrunken ratio.
    double meanSq = 0;
    double meanS2 = 0;
    double chi2 = 0;
    for (Row g : gps.values()) {
      double ratio = g.getAs(Expected.RATIO);
      meanSq += (ratio - 1) * (ratio - 1) / ModelFixture.N;
      meanS2 += g.<Double>getAs(Expected.SAMPLING_VARIANCE) / ModelFixture.N;
      double oi = g.getAs(Expected.OBSERVED_DAYS);
      double ei = g.getAs(Expected.EXPECTED_DAYS);
      chi2 += (oi - ei) * (oi - ei) / ei;
    }
    double tau2 = Math.max(0, meanSq - meanS2);
    assertEquals(tau2, r.tau2(), 1e-12);
    assertEquals(chi2 / (ModelFixture.N - 10), r.phi(), 1e-9);
    double w = tau2 / (tau2 + dt / e);
    assertEquals(1 + w * (o / e - 1), g0.<Double>getAs(Expected.SHRUNK_RATIO), 1e-9);
    Assertions.assertTrue(Math.abs(g0.<Double>getAs(Expected.SHRUNK_RATIO) - 1)
        <= Math.abs(o / e - 1));
  }

  @Test
  void ranksEachGpsRateInHisRegionWithTiesAtTheLowestRank() {
    Map<String, Row> gps = byGp(fit(true).perGp());
    double maxRank = gps.values().stream()
        .mapToDouble(g -> g.<Double>getAs(Expected.REGION_PERCENT_RANK)).max().orElseThrow();
    assertEquals(1.0, maxRank, 1e-12);
    String lowest = gps.values().stream().min(java.util.Comparator.comparingDouble(
        g -> g.<Double>getAs(Expected.OBSERVED_RATE))).orElseThrow().getAs(Profile.PHYSICIAN_ID);
    assertEquals(0.0, gps.get(lowest).<Double>getAs(Expected.REGION_PERCENT_RANK), 1e-12);
    assertEquals(36L, (long) gps.get("G0").<Long>getAs(Expected.REGION_GPS));
  }
}
