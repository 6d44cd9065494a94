package org.ijcampaign.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.Period;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code model} job's edges: fits the expected-IJ model on one period's profiled GPs and
 * replaces that period in {@code expected_ij} and {@code model_coefficients}. The model version
 * is a digest of what determines the fit (period, settings, and an order-independent
 * fingerprint of the design rows' content), so a re-run on the same data reproduces the same
 * version and the same figures, whatever the tables' commit history.
 */
public final class ModelJob {
  private static final Logger LOG = LoggerFactory.getLogger(ModelJob.class);
  /**
   * A double of the design as the version's digest reads it: ten significant digits, far above
   * the noise of a sum's order (about 1e-16 relative), far below any change of the data.
   */
  static final String FINGERPRINT_DOUBLE = "%.9e";
  private ModelJob() {}

  public static ExpectedIjModel.Result run(DeltaStore store, RunLog log, AppConfig cfg,
      Period period) {
    Instant t0 = Instant.now();
    Dataset<Row> profile = store.read(Tables.GP_PERIOD_PROFILE)
        .where(col(Profile.PERIOD).equalTo(period.label()));
    Dataset<Row> territories = store.read(Tables.TERRITORIES)
        .where(col(Profile.PERIOD).equalTo(period.label()));
    Dataset<Row> design = ExpectedIjModel.design(profile, territories);
    if (design.isEmpty()) {
      throw new IllegalStateException("no profiled GP with a territory in period "
          + period.label() + ": run profile and territory for it first");
    }
    String version = version(period, cfg, fingerprint(design));
    ExpectedIjModel.Result fit = ExpectedIjModel.fit(store.spark(), design,
        cfg.model().maxIter(), cfg.model().tolerance(), version);
    store.replaceSlice(fit.perGp(), Tables.EXPECTED_IJ, Expected.PERIOD, period.label(),
        Expected.PERIOD);
    store.replaceSlice(fit.coefficients(), Tables.MODEL_COEFFICIENTS, Expected.PERIOD,
        period.label(), Expected.PERIOD);
    long gps = store.read(Tables.EXPECTED_IJ).where(col(Expected.PERIOD)
        .equalTo(period.label())).count();
    LOG.info(String.format("[model] %s version %s: %,d GPs, %d iterations, phi %.3f, tau2 %.5f%s",
        period.label(), version, gps, fit.iterations(), fit.phi(), fit.tau2(),
        fit.droppedTerms().isEmpty() ? "" : ", constant terms left out: " + fit.droppedTerms()));
    log.stage("model " + period.label(), gps, gps, Duration.between(t0, Instant.now()));
    return fit;
  }

  /**
   * Σ of a 64-bit hash of every design row, and the row count: independent of row order. A
   * double enters with ten significant digits: the profile's sums, added in another order by
   * another run (a cluster's tasks, adaptive execution's joins), differ in their last bits,
   * and the same data must keep the same version.
   */
  static String fingerprint(Dataset<Row> design) {
    Column[] values = Arrays.stream(design.schema().fields())
        .map(f -> f.dataType() instanceof DoubleType || f.dataType() instanceof FloatType
            ? format_string(FINGERPRINT_DOUBLE, col(f.name())) : col(f.name()))
        .toArray(Column[]::new);
    Row r = design.select(xxhash64(values).as("_h"))
        .agg(sum("_h").as("_hashes"), count(lit(1)).as("_rows")).head();
    return r.<Long>getAs("_hashes") + "/" + r.<Long>getAs("_rows");
  }

  static String version(Period period, AppConfig cfg, String inputs) {
    String basis = period + "|" + cfg.model() + "|" + cfg.territory() + "|" + inputs;
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(basis.getBytes(StandardCharsets.UTF_8));
      return period.label() + "-" + HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
