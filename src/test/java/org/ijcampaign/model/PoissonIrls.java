package org.ijcampaign.model;

/**
 * A plain, textbook Poisson regression with log link and offset by iteratively reweighted
 * least squares, written independently of Spark to check its fit: beta <- (X'WX)^-1 X'W z with
 * mu = exp(X beta + offset), W = mu, z = X beta + (y - mu) / mu.
 */
public final class PoissonIrls {
  private PoissonIrls() {}

  public static double[] fit(double[][] x, double[] y, double[] offset) {
    int p = x[0].length;
    double[] beta = new double[p];
    // Start from the overall log rate, as glm() does in spirit.
    double sy = 0;
    double se = 0;
    for (int i = 0; i < y.length; i++) {
      sy += y[i];
      se += Math.exp(offset[i]);
    }
    beta[0] = Math.log(sy / se);
    for (int iter = 0; iter < 100; iter++) {
      double[][] a = new double[p][p];
      double[] b = new double[p];
      for (int i = 0; i < y.length; i++) {
        double eta = offset[i];
        for (int j = 0; j < p; j++) {
          eta += x[i][j] * beta[j];
        }
        double mu = Math.exp(eta);
        double z = eta - offset[i] + (y[i] - mu) / mu;
        for (int j = 0; j < p; j++) {
          b[j] += x[i][j] * mu * z;
          for (int k = 0; k < p; k++) {
            a[j][k] += x[i][j] * mu * x[i][k];
          }
        }
      }
      double[] next = solve(a, b);
      double change = 0;
      for (int j = 0; j < p; j++) {
        change = Math.max(change, Math.abs(next[j] - beta[j]));
      }
      beta = next;
      if (change < 1e-13) {
        break;
      }
    }
    return beta;
  }

  static double[] standardErrors(double[][] x, double[] y, double[] offset, double[] beta) {
    int p = beta.length;
    double[][] a = new double[p][p];
    for (int i = 0; i < y.length; i++) {
      double eta = offset[i];
      for (int j = 0; j < p; j++) {
        eta += x[i][j] * beta[j];
      }
      double mu = Math.exp(eta);
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < p; k++) {
          a[j][k] += x[i][j] * mu * x[i][k];
        }
      }
    }
    double[] se = new double[p];
    for (int j = 0; j < p; j++) {
      double[] unit = new double[p];
      unit[j] = 1;
      se[j] = Math.sqrt(solve(a, unit)[j]);
    }
    return se;
  }

  /** Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a0, double[] b0) {
    int n = b0.length;
    double[][] a = new double[n][];
    double[] b = b0.clone();
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = a[c];
      a[c] = a[pivot];
      a[pivot] = t;
      double tb = b[c];
      b[c] = b[pivot];
      b[pivot] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int k = r + 1; k < n; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
