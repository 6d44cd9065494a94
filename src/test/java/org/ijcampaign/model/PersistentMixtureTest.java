package org.ijcampaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.schema.Persistent;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The mixture prior of the persistent ratio on GP summaries a reader can check: EM recovering a
 * clear second mode, the fallback to the normal prior when there is none, and the posterior of
 * a GP between the two modes.
 */
class PersistentMixtureTest extends SparkTestBase {
  private static final StructType SUMS = new StructType()
      .add(Persistent.PHYSICIAN_ID, DataTypes.StringType)
      .add(PersistentMixture.SUM_W, DataTypes.DoubleType)
      .add(PersistentMixture.SUM_WY, DataTypes.DoubleType);

  /** Every GP's weighted mean has noise variance 1/Σw = 1/100 = 0.01. */
  private static final double SUM_W = 100;

  /**
   * n GPs whose weighted means sit at the midpoint quantiles (j − ½)/n of their marginal law
   * N(mean, tau2 + 0.01): a sample of that law without chance.
   */
  private static void component(TableRows t, String prefix, int n, double mean, double tau2) {
    NormalDistribution marginal = new NormalDistribution(mean, Math.sqrt(tau2 + 1 / SUM_W));
    for (int j = 1; j <= n; j++) {
      double y = marginal.inverseCumulativeProbability((j - 0.5) / n);
      t.row(Persistent.PHYSICIAN_ID, prefix + j, PersistentMixture.SUM_W, SUM_W,
          PersistentMixture.SUM_WY, SUM_W * y);
    }
  }

  /** The variance of n midpoint quantiles of N(0, 1): what such a "sample" has instead of 1. */
  private static double quantileVariance(int n) {
    NormalDistribution z = new NormalDistribution();
    double s = 0;
    for (int j = 1; j <= n; j++) {
      s += Math.pow(z.inverseCumulativeProbability((j - 0.5) / n), 2);
    }
    return s / n;
  }

  /**
   * Given 380 GPs from N(0, 0.04) and 20 from N(1, 0.01) (weight 0.05), each mean with noise
   * 0.01: the modes are 1 / √0.05 = 4.5 sds of the bulk apart, so EM recovers the weight 0.05
   * and the means 0 and 1 up to the overlap (< 1e-4 of the bulk beyond the midpoint): within
   * 0.005 and 0.01. The variances are the quantile samples' (their marginal variance times the
   * variance of midpoint quantiles, 0.97 at 380, 0.93 at 20), less the noise 0.01, within 0.003.
   * The single normal is far worse: the mixture is kept.
   */
  @Test
  void recoversAClearSecondModeOfHighPrescribers() {
    TableRows t = TableRows.of(SUMS);
    component(t, "L", 380, 0.0, 0.04);
    component(t, "H", 20, 1.0, 0.01);
    Dataset<Row> gp = t.toDataset(spark());

    PersistentMixture.Fit f = PersistentMixture.fit(gp,
        new PersistentRatio.Moments(0.05, 0.09, 0.02, 1, 400));

    Assertions.assertTrue(f.kept(), f.note());
    PersistentMixture.Mixture m = f.mixture();
    assertEquals(0.05, m.weightHigh(), 0.005);
    assertEquals(0.0, m.meanLow(), 0.01);
    assertEquals(1.0, m.meanHigh(), 0.01);
    assertEquals(0.05 * quantileVariance(380) - 0.01, m.tau2Low(), 0.003);
    assertEquals(0.02 * quantileVariance(20) - 0.01, m.tau2High(), 0.003);
    Assertions.assertTrue(f.logLikMixture() - f.logLikNormal() > 1.5 * Math.log(400), f.note());
  }

  /**
   * Given 400 GPs from one normal N(0, 0.04) with noise 0.01: a second component adds less
   * log-likelihood than the BIC's 1.5·ln 400 = 9.0 (or weighs nothing, or copies the first), so
   * the fit keeps the normal prior.
   */
  @Test
  void fallsBackToTheNormalPriorWithoutASecondMode() {
    TableRows t = TableRows.of(SUMS);
    component(t, "G", 400, 0.0, 0.04);

    PersistentMixture.Fit f = PersistentMixture.fit(t.toDataset(spark()),
        new PersistentRatio.Moments(0.0, 0.04, 0.02, 1, 400));

    assertFalse(f.kept(), f.note());
    assertNull(f.mixture());
  }

  /**
   * Given the prior 0.95·N(0, 0.04) + 0.05·N(1, 0.01), σ²_s = 0.02 and a GP whose weighted mean
   * is 0.7 with noise 0.01 (Σw = 100): under each component his mean has the law N(μ_k, τ²_k +
   * 0.01), so his posterior weights are ∝ 0.95·N(0.7; 0, 0.05) and 0.05·N(0.7; 1, 0.02), 0.46 and
   * 0.54; within the low component m | ŷ is N((0 + 0.04·70) / 5, 0.04 / 5) = N(0.56, 0.008),
   * within the high one N((1 + 0.01·70) / 2, 0.01 / 2) = N(0.85, 0.005). The persistent log ratio adds σ²/2 =
   * 0.01 to each; its mean is the mixture's mean, P(ratio ≥ 2) the weighted sum of each
   * component's Φ((c_k − ln 2) / s_k), and the interval's ends the mixture's 2.5 % and 97.5 %
   * quantiles. A normal prior with the same overall mean and variance would pull him to the
   * middle: here half of his posterior stays with the high component, near 0.85.
   */
  @Test
  void givesAGpBetweenTheModesTheMixturePosterior() {
    Dataset<Row> gp = TableRows.of(SUMS)
        .row(Persistent.PHYSICIAN_ID, "A", PersistentMixture.SUM_W, SUM_W,
            PersistentMixture.SUM_WY, SUM_W * 0.7)
        .toDataset(spark())
        .withColumn(Persistent.SEMESTERS, org.apache.spark.sql.functions.lit(6L))
        .withColumn(Persistent.PERIODS, org.apache.spark.sql.functions.lit("2022S1,2024S2"))
        .withColumn(Persistent.STOPS, org.apache.spark.sql.functions.lit(300L))
        .withColumn(Persistent.OWN_STOP_DISPERSION, org.apache.spark.sql.functions.lit(9.0))
        .withColumn(Persistent.TERRITORY_STOP_DISPERSION,
            org.apache.spark.sql.functions.lit(8.0))
        .withColumn(Persistent.STOP_DISPERSION, org.apache.spark.sql.functions.lit(8.6))
        .withColumn(Persistent.OBSERVED_DAYS, org.apache.spark.sql.functions.lit(1800.0))
        .withColumn(Persistent.EXPECTED_DAYS, org.apache.spark.sql.functions.lit(1000.0))
        .withColumn(Persistent.FITTED_EXPECTED_DAYS, org.apache.spark.sql.functions.lit(1000.0))
        .withColumn(Persistent.DAYS_AS_SUBSTITUTE, org.apache.spark.sql.functions.lit(0.0))
        .withColumn(Persistent.WINDOW_STOP_DISPERSION,
            org.apache.spark.sql.functions.lit(null).cast("double"));
    PersistentMixture.Mixture mix = new PersistentMixture.Mixture(0.05, 0.0, 0.04, 1.0, 0.01);
    PersistentRatio.Params p = new PersistentRatio.Params("2025-2026-persistent", "2024S2", 2.0,
        50, 50, CampaignConfig.PersistentPrior.MIXTURE, false, false,
        CampaignConfig.PersistentNoise.SEMESTERS, CampaignConfig.PersistentStopLength.OWN);

    List<Row> out = PersistentRatio.posterior(gp, new PersistentRatio.Moments(0.05, 0.09, 0.02,
        1, 400), mix, p).collectAsList();

    Row r = out.get(0);
    double l0 = 0.95 * new NormalDistribution(0, Math.sqrt(0.05)).density(0.7);
    double l1 = 0.05 * new NormalDistribution(1, Math.sqrt(0.02)).density(0.7);
    double p1 = l1 / (l0 + l1);
    double c0 = 0.56 + 0.01;
    double c1 = 0.85 + 0.01;
    double s0 = Math.sqrt(0.008);
    double s1 = Math.sqrt(0.005);
    double mean = (1 - p1) * c0 + p1 * c1;
    double var = (1 - p1) * (s0 * s0 + c0 * c0) + p1 * (s1 * s1 + c1 * c1) - mean * mean;
    double ln2 = Math.log(2);
    double prob = (1 - p1) * (1 - new NormalDistribution(c0, s0).cumulativeProbability(ln2))
        + p1 * (1 - new NormalDistribution(c1, s1).cumulativeProbability(ln2));
    assertEquals(0.541, p1, 0.001);
    assertEquals(p1, r.<Double>getAs(Persistent.POSTERIOR_WEIGHT_HIGH), 1e-9);
    assertEquals(mean, r.<Double>getAs(Persistent.PERSISTENT_LOG_RATIO), 1e-9);
    assertEquals(Math.sqrt(var), r.<Double>getAs(Persistent.PERSISTENT_LOG_RATIO_SD), 1e-9);
    assertEquals(Math.exp(mean), r.<Double>getAs(Persistent.PERSISTENT_RATIO), 1e-9);
    assertEquals(prob, r.<Double>getAs(Persistent.PROBABILITY_AT_THRESHOLD), 1e-6);
    // The interval's ends: where the mixture's distribution function is 2.5 % and 97.5 %.
    for (String[] end : new String[][] {{Persistent.PERSISTENT_RATIO_LOW95, "0.025"},
        {Persistent.PERSISTENT_RATIO_HIGH95, "0.975"}}) {
      double x = Math.log(r.<Double>getAs(end[0]));
      double cdf = (1 - p1) * new NormalDistribution(c0, s0).cumulativeProbability(x)
          + p1 * new NormalDistribution(c1, s1).cumulativeProbability(x);
      assertEquals(Double.parseDouble(end[1]), cdf, 1e-6, end[0]);
    }
    assertEquals("MIXTURE", r.getAs(Persistent.PERSISTENT_PRIOR));
    assertEquals(0.05, r.<Double>getAs(Persistent.MIXTURE_WEIGHT_HIGH), 1e-12);
    assertEquals(1.0, r.<Double>getAs(Persistent.MIXTURE_MEAN_HIGH), 1e-12);
    assertEquals(0.7, r.<Double>getAs(Persistent.WEIGHTED_LOG_RATIO), 1e-12);
    assertEquals(List.of(Persistent.SCHEMA.fields()).stream()
            .map(f -> f.name() + ":" + f.dataType()).toList(),
        List.of(r.schema().fields()).stream().map(f -> f.name() + ":" + f.dataType()).toList());
  }
}
