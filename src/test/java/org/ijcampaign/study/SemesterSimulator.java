package org.ijcampaign.study;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simulated campaigns at the GP × semester level, for the evaluation study
 * ({@link EvaluationStudy}). Each GP has a persistent practice level, a shock per semester,
 * a patientèle whose size and mix drift, and stops that start in a semester and run over the
 * following ones (a mixture of short, medium and long stops, up to three years), so that a
 * semester's days carry the chance of the stops started before it — the serial correlation
 * that a GP × semester model without stops would miss. Six observed semesters (2022S1 to
 * 2024S2, indices 0–5) follow four burn-in semesters. Treated GPs are selected by the
 * scenario's rule; the campaign acts from semester 4 (2024-01-01) on the treated's new stops
 * or on all their days. Every figure comes in two worlds drawn from the same random numbers,
 * with and without the campaign, so that the true effect on the treated's follow-up days is
 * known exactly.
 */
final class SemesterSimulator {
  static final int OBSERVED = 6;
  static final int BURN_IN = 4;
  static final int FOLLOW_UP = 5;
  static final int CAMPAIGN_START = 4;
  static final double SEMESTER_DAYS = 365.25 / 2;
  /** Stop ages kept apart: 0 to LAGS − 2 semesters, and older. */
  static final int LAGS = 4;

  /** How the treated are chosen. */
  enum Selection {
    /** A share of the top fraction of the pool by the selection semester's observed ratio. */
    TOP_SHARE,
    /** The campaign's own rules: ratio ≥ 2 and the region's top decile, then eligibility. */
    CAMPAIGN_RULES,
    /** A share of the top fraction by the ratio pooled over two semesters (2022S1 + 2022S2). */
    TWO_SEMESTERS
  }

  /** What the campaign changes. */
  enum Effect {
    /** The stops a treated GP starts from the campaign's start are fewer. */
    NEW_STOPS,
    /** Every day a treated GP's patients are paid from the campaign's start is scaled. */
    ALL_DAYS
  }

  /** One scenario of the study; every field is a knob the study varies. */
  record Scenario(String name, int gps, double persistentSd, double shockSd, double shockAr,
      double driftSd, double overShare, Selection selection, double topFraction,
      double treatedShare, Effect effect, double trueLog, double longShare,
      double regionalTrendSd, int selectionSemester, double listScale,
      boolean longerStopsWithLevel) {}

  /** One replicate: the observed panel, and the true effect on the treated's follow-up. */
  record Replicate(GpPanel panel, double trueLog, double trueSavingsDays) {}

  private SemesterSimulator() {}

  static Replicate simulate(Scenario s, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = s.gps();
    int total = BURN_IN + OBSERVED;
    int regions = 4;
    double[] regionLevel = new double[regions];
    double[] regionTrend = new double[regions];
    for (int r = 0; r < regions; r++) {
      regionLevel[r] = Math.exp(0.10 * gauss(rnd));
      regionTrend[r] = s.regionalTrendSd() * gauss(rnd);
    }
    double daysPerPatientYear = 13.0;
    // Per GP.
    int[] region = new int[n];
    double[] mix = new double[n];
    double[] level = new double[n];
    int[] first = new int[n];
    int[] last = new int[n];
    double[][] patients = new double[n][total];
    double[][] untreatedDays = new double[n][total];
    double[][] stopsStarted = new double[n][total];
    // The treated world's days differ only from the campaign's start, and only for the treated:
    // each new stop of a treated GP is kept with probability exp(effect); its keep draw is made
    // for every stop so that selection does not change the random stream.
    double[][] keptDays = new double[n][total];
    double[][] squaredDays = new double[n][total];
    // Days by the age of their stop (semesters since it started; the last lag counts all older
    // ones), in the world without the campaign and in the world with it.
    double[][][] lagDays = new double[n][total][LAGS];
    double[][][] keptLagDays = new double[n][total][LAGS];
    // Days of stops that ran during the selection window: their chance chose the treated.
    double[][] touchedDays = new double[n][total];
    int sel = BURN_IN + s.selectionSemester();
    int selFirst = s.selection() == Selection.TWO_SEMESTERS ? sel - 1 : sel;
    double[] latentLevel = new double[n];
    for (int i = 0; i < n; i++) {
      region[i] = rnd.nextInt(regions);
      mix[i] = Math.exp(0.15 * gauss(rnd));
      boolean isNew = rnd.nextDouble() < 0.07;
      boolean retires = rnd.nextDouble() < 0.05;
      first[i] = isNew ? BURN_IN + 1 + rnd.nextInt(OBSERVED - 1) : 0;
      last[i] = retires ? BURN_IN + rnd.nextInt(OBSERVED - 1) : total - 1;
      // Active patients (in employment, 16–64): about 58 % of a médecin-traitant list.
      double list = s.listScale() * 0.58 * (isNew ? 170 * Math.exp(0.5 * gauss(rnd))
          : 860 * Math.exp(0.52 * gauss(rnd)));
      double persistent = s.persistentSd() * gauss(rnd);
      if (rnd.nextDouble() < s.overShare()) {
        persistent += Math.log(2.2 + 1.3 * rnd.nextDouble());
      }
      latentLevel[i] = persistent;
      // Where heavier prescribers also give longer stops, the share of long stops follows
      // the GP's level, and his days per stop with it.
      double longShare = s.longerStopsWithLevel()
          ? Math.min(0.2, s.longShare() * Math.exp(persistent)) : s.longShare();
      double gpMeanStop = meanStopDays(longShare);
      double shock = 0;
      double drift = 0;
      for (int t = 0; t < total; t++) {
        list *= Math.exp(0.03 * gauss(rnd));
        patients[i][t] = t >= first[i] && t <= last[i] ? list : 0;
        double innovation = s.shockSd() * gauss(rnd);
        shock = t == 0 ? innovation
            : s.shockAr() * shock + Math.sqrt(1 - s.shockAr() * s.shockAr()) * innovation;
        drift += s.driftSd() * gauss(rnd);
        double intensity = daysPerPatientYear * mix[i] * regionLevel[region[i]]
            * Math.exp(persistent + drift + shock - 0.5 * s.shockSd() * s.shockSd()
                + (0.005 + regionTrend[region[i]]) * (t - BURN_IN));
        double expectedStops = intensity / gpMeanStop * patients[i][t] * 0.5;
        int stops = poisson(rnd, expectedStops);
        stopsStarted[i][t] = stops;
        for (int k = 0; k < stops; k++) {
          int length = stopLength(rnd, longShare);
          double start = rnd.nextDouble() * SEMESTER_DAYS;
          boolean keep = rnd.nextDouble() < Math.exp(s.trueLog());
          boolean touches = t <= sel
              && t * SEMESTER_DAYS + start + length > selFirst * SEMESTER_DAYS;
          // Spread the stop's days over this semester and the following ones.
          double from = start;
          double remaining = length;
          for (int u = t; u < total && remaining > 0; u++) {
            double inside = Math.min(remaining, SEMESTER_DAYS - from);
            untreatedDays[i][u] += inside;
            squaredDays[i][u] += inside * inside;
            int lag = Math.min(LAGS - 1, u - t);
            lagDays[i][u][lag] += inside;
            if (keep || t < BURN_IN + CAMPAIGN_START) {
              keptDays[i][u] += inside;
              keptLagDays[i][u][lag] += inside;
            }
            if (touches) {
              touchedDays[i][u] += inside;
            }
            remaining -= inside;
            from = 0;
          }
        }
      }
    }
    // Observed (untreated-world) figures of the observed semesters decide the selection.
    double[] ratio = new double[n];
    boolean[] pool = new boolean[n];
    for (int i = 0; i < n; i++) {
      double e = expectedDays(mix[i], regionLevel[region[i]], patients[i][sel], sel);
      double days = untreatedDays[i][sel];
      double ex = e;
      if (s.selection() == Selection.TWO_SEMESTERS) {
        days += untreatedDays[i][sel - 1];
        ex += expectedDays(mix[i], regionLevel[region[i]], patients[i][sel - 1], sel - 1);
      }
      ratio[i] = ex > 0 ? days / ex : 0;
      // The pool: established GPs with at least 100 active patients, present at follow-up.
      pool[i] = first[i] == 0 && patients[i][sel] >= 100 && last[i] == total - 1;
    }
    boolean[] treated = select(s, rnd, ratio, pool, region, n);
    double[] sq = new double[4];
    double[] sd = new double[4];
    for (int i = 0; i < n; i++) {
      sq[region[i]] += squaredDays[i][sel];
      sd[region[i]] += untreatedDays[i][sel];
    }
    // The observed panel: the treated world's days.
    GpPanel.Builder b = new GpPanel.Builder(n, OBSERVED);
    double actual = 0;
    double counterfactual = 0;
    for (int i = 0; i < n; i++) {
      double[] d = new double[OBSERVED];
      double[] x = new double[OBSERVED];
      double[] ex = new double[OBSERVED];
      double[] touched = new double[OBSERVED];
      double[][] lags = new double[OBSERVED][LAGS];
      for (int t = 0; t < OBSERVED; t++) {
        int u = BURN_IN + t;
        double days = untreatedDays[i][u];
        if (treated[i] && u >= CAMPAIGN_START + BURN_IN) {
          days = s.effect() == Effect.NEW_STOPS ? keptDays[i][u]
              : untreatedDays[i][u] * Math.exp(s.trueLog());
        }
        d[t] = days;
        // Stops that touched the selection window started before the campaign: unchanged by
        // an effect on new stops, scaled by one on all days.
        touched[t] = treated[i] && u >= CAMPAIGN_START + BURN_IN && s.effect() == Effect.ALL_DAYS
            ? touchedDays[i][u] * Math.exp(s.trueLog()) : touchedDays[i][u];
        for (int l = 0; l < LAGS; l++) {
          boolean after = treated[i] && u >= CAMPAIGN_START + BURN_IN;
          lags[t][l] = !after ? lagDays[i][u][l] : s.effect() == Effect.NEW_STOPS
              ? keptLagDays[i][u][l] : lagDays[i][u][l] * Math.exp(s.trueLog());
        }
        x[t] = patients[i][u] * 0.5;
        ex[t] = expectedDays(mix[i], regionLevel[region[i]], patients[i][u], u);
      }
      if (treated[i] && x[FOLLOW_UP] > 0) {
        actual += d[FOLLOW_UP];
        counterfactual += untreatedDays[i][BURN_IN + FOLLOW_UP];
      }
      b.add("gp" + i, "R" + region[i], treated[i], d, x, ex, sq[region[i]] / sd[region[i]],
          touched, lags);
    }
    return new Replicate(b.build(), Math.log(actual / counterfactual),
        counterfactual - actual);
  }

  /** The days a GP of average practice would have: what the expected-IJ model gives. */
  private static double expectedDays(double mix, double regionLevel, double patients, int t) {
    return 13.0 * mix * regionLevel * Math.exp(0.005 * (t - BURN_IN)) * patients * 0.5;
  }

  private static boolean[] select(Scenario s, SplittableRandom rnd, double[] ratio,
      boolean[] pool, int[] region, int n) {
    boolean[] treated = new boolean[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, c) -> Double.compare(ratio[c], ratio[a]));
    int poolSize = 0;
    for (boolean p : pool) {
      poolSize += p ? 1 : 0;
    }
    if (s.selection() == Selection.CAMPAIGN_RULES) {
      // Region's top decile by ratio (the rate's ranking within a region, net of mix), then
      // ratio ≥ 2, then a random share as the eligible ones.
      for (int r = 0; r < 4; r++) {
        int inRegion = 0;
        for (int i = 0; i < n; i++) {
          inRegion += pool[i] && region[i] == r ? 1 : 0;
        }
        int rank = 0;
        for (Integer i : order) {
          if (!pool[i] || region[i] != r) {
            continue;
          }
          rank++;
          boolean topDecile = rank <= Math.ceil(0.10 * inRegion);
          treated[i] = topDecile && ratio[i] >= s.topFraction()
              && rnd.nextDouble() < s.treatedShare();
        }
      }
      return treated;
    }
    int top = (int) Math.round(s.topFraction() * poolSize);
    int seen = 0;
    for (Integer i : order) {
      if (!pool[i]) {
        continue;
      }
      if (seen++ >= top) {
        break;
      }
      treated[i] = rnd.nextDouble() < s.treatedShare();
    }
    return treated;
  }

  /** Short 4–7 days, medium 8 + lognormal, long over a year; capped at three years. */
  private static int stopLength(SplittableRandom rnd, double longShare) {
    double u = rnd.nextDouble();
    if (u < 0.48) {
      return 4 + rnd.nextInt(4);
    }
    if (u < 0.48 + longShare) {
      return (int) Math.min(1095, 365 - 200 * Math.log(1 - rnd.nextDouble()));
    }
    return (int) Math.min(1095, 8 + 21 * Math.exp(1.05 * gauss(rnd)));
  }

  private static double meanStopDays(double longShare) {
    double medium = 8 + 21 * Math.exp(1.05 * 1.05 / 2);
    return 0.48 * 5.5 + longShare * 565 + (0.52 - longShare) * medium;
  }

  static double gauss(SplittableRandom rnd) {
    // Box–Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator.
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  static int poisson(SplittableRandom rnd, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rnd)));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
