package org.ijcampaign.study;

import java.util.ArrayList;
import java.util.List;

/**
 * GP × semester figures of one evaluation, in memory: what {@code gp_period_profile} and
 * {@code expected_ij} hold for the semesters an evaluation reads, for the study's simulated
 * campaigns or a claim-level zone's warehouse. Semester {@code t} of GP {@code i}: days,
 * exposure (patient-years; 0 = not profiled) and expected days under his peers' practice.
 */
final class GpPanel {
  final String[] id;
  final String[] stratum;
  final boolean[] treated;
  final double[][] days;
  final double[][] exposure;
  final double[][] expected;
  /** The stop dispersion Σd²/Σd of the GP's stratum in the selection semester. */
  final double[] dispersion;
  /** Days of stops that ran during the selection window (the rest is clean of it). */
  final double[][] touched;
  /** Days by the age of their stop: [GP][semester][lag], the last lag counting all older. */
  final double[][][] lagDays;
  final int semesters;

  private GpPanel(List<String> id, List<String> stratum, List<Boolean> treated,
      List<double[]> days, List<double[]> exposure, List<double[]> expected, List<Double> dispersion, List<double[]> touched, List<double[][]> lagDays, int semesters) {
    int n = id.size();
    this.id = id.toArray(new String[0]);
    this.stratum = stratum.toArray(new String[0]);
    this.treated = new boolean[n];
    for (int i = 0; i < n; i++) {
      this.treated[i] = treated.get(i);
    }
    this.days = days.toArray(new double[0][]);
    this.exposure = exposure.toArray(new double[0][]);
    this.expected = expected.toArray(new double[0][]);
    this.dispersion = dispersion.stream().mapToDouble(Double::doubleValue).toArray();
    this.touched = touched.toArray(new double[0][]);
    this.lagDays = lagDays.toArray(new double[0][][]);
    this.semesters = semesters;
  }

  int size() {
    return id.length;
  }

  boolean profiled(int i, int t) {
    return exposure[i][t] > 0;
  }

  static final class Builder {
    private final int semesters;
    private final List<String> id;
    private final List<String> stratum;
    private final List<Boolean> treated;
    private final List<double[]> days;
    private final List<double[]> exposure;
    private final List<double[]> expected;
    private final List<Double> dispersion;
    private final List<double[]> touched = new ArrayList<>();
    private final List<double[][]> lagDays = new ArrayList<>();

    Builder(int capacity, int semesters) {
      this.semesters = semesters;
      id = new ArrayList<>(capacity);
      stratum = new ArrayList<>(capacity);
      treated = new ArrayList<>(capacity);
      days = new ArrayList<>(capacity);
      exposure = new ArrayList<>(capacity);
      expected = new ArrayList<>(capacity);
      dispersion = new ArrayList<>(capacity);
    }

    Builder add(String gp, String s, boolean t, double[] d, double[] x, double[] e,
        double disp, double[] touchedDays, double[][] lags) {
      id.add(gp);
      stratum.add(s);
      treated.add(t);
      days.add(d);
      exposure.add(x);
      expected.add(e);
      dispersion.add(disp);
      touched.add(touchedDays);
      lagDays.add(lags);
      return this;
    }

    GpPanel build() {
      return new GpPanel(id, stratum, treated, days, exposure, expected, dispersion,
          touched, lagDays, semesters);
    }
  }
}
