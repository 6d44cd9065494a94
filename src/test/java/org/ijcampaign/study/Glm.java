package org.ijcampaign.study;

/**
 * Small dense regressions for the study: Poisson with log link and offset (the model tests'
 * IRLS), its heteroskedasticity-robust (sandwich) covariance, and ordinary least squares.
 */
final class Glm {
  private Glm() {}

  /** The project's independent IRLS (the one that checks the model job's fit). */
  static double[] poisson(double[][] x, double[] y, double[] offset) {
    return org.ijcampaign.model.PoissonIrls.fit(x, y, offset);
  }

  /** (X'WX)⁻¹ (Σ (y − μ)² x x') (X'WX)⁻¹: valid whatever the over-dispersion. */
  static double[][] sandwich(double[][] x, double[] y, double[] offset, double[] beta) {
    int p = beta.length;
    double[][] bread = new double[p][p];
    double[][] meat = new double[p][p];
    for (int i = 0; i < y.length; i++) {
      double mu = Math.exp(offset[i] + dot(x[i], beta));
      double r2 = (y[i] - mu) * (y[i] - mu);
      for (int j = 0; j < p; j++) {
        for (int k = 0; k <= j; k++) {
          bread[j][k] += mu * x[i][j] * x[i][k];
          meat[j][k] += r2 * x[i][j] * x[i][k];
        }
      }
    }
    symmetrize(bread);
    symmetrize(meat);
    double[][] inv = inverse(bread);
    return multiply(multiply(inv, meat), inv);
  }

  static double[] ols(double[][] x, double[] y) {
    int p = x[0].length;
    double[][] a = new double[p][p];
    double[] b = new double[p];
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < p; j++) {
        b[j] += x[i][j] * y[i];
        for (int k = 0; k < p; k++) {
          a[j][k] += x[i][j] * x[i][k];
        }
      }
    }
    return solve(a, b);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void symmetrize(double[][] a) {
    for (int j = 0; j < a.length; j++) {
      for (int k = j + 1; k < a.length; k++) {
        a[j][k] = a[k][j];
      }
    }
  }

  static double[] solve(double[][] a, double[] b) {
    double[][] inv = inverse(a);
    double[] x = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      x[i] = dot(inv[i], b);
    }
    return x;
  }

  /** Gauss–Jordan with partial pivoting. */
  static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
          piv = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[piv];
      m[piv] = tmp;
      double d = m[c][c];
      for (int k = 0; k < 2 * n; k++) {
        m[c][k] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != c && m[r][c] != 0) {
          double f = m[r][c];
          for (int k = 0; k < 2 * n; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], n, inv[i], 0, n);
    }
    return inv;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int p = b[0].length;
    double[][] c = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < p; j++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }
}
