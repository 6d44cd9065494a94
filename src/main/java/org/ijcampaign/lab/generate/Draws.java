package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.catalyst.expressions.XxHash64;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import scala.collection.JavaConverters;

/**
 * Seeded random draws as Spark SQL columns. Every draw is a function of (seed, a salt naming
 * the draw, the keys of the entity it belongs to): {@code xxhash64} of them, its top 53 bits
 * read as a uniform number in [0, 1), then an inverse-CDF or Box–Muller transform. No draw
 * depends on row order, partitioning or the number of tasks, so a seed gives the same values
 * on one core or a cluster. Keys are cast to {@code long} so that an int and a long key hash
 * alike; pass strings through {@code xxhash64} first.
 */
final class Draws {
  private static final double TWO_POW_53 = 9007199254740992.0;
  /** Above this mean the Poisson draw uses the normal approximation. */
  private static final double POISSON_INVERSION_LIMIT = 30.0;

  private final long seed;

  Draws(long seed) {
    this.seed = seed;
  }

  long seed() {
    return seed;
  }

  /**
   * A 64-bit hash of (seed, salt, keys): the source of every draw. It is Spark's
   * {@code xxhash64(seed, salt, keys...)}, whose hash folds its arguments in order, each into
   * the running hash: the fold of the two constants is computed here once (as Spark's
   * {@code XxHash64} folds a long and a string) and the keys are folded into it, instead of
   * hashing the seed and the salt's bytes again for every row. {@code DrawsTest} holds the two
   * equal.
   */
  Column hash(String salt, Column... keys) {
    List<Expression> children = new ArrayList<>();
    for (Column key : keys) {
      children.add(key.cast("long").expr());
    }
    return new Column(new XxHash64(JavaConverters.asScalaBuffer(children).toSeq(),
        prefix(salt)));
  }

  /** The running hash of {@code xxhash64} after the seed and the salt. */
  long prefix(String salt) {
    byte[] bytes = salt.getBytes(StandardCharsets.UTF_8);
    long afterSeed = XXH64.hashLong(seed, XXHASH64_SEED);
    return XXH64.hashUnsafeBytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length, afterSeed);
  }

  /** The seed Spark's {@code xxhash64} function starts from. */
  private static final long XXHASH64_SEED = 42L;

  /** Uniform in [0, 1). */
  Column uniform(String salt, Column... keys) {
    return shiftrightunsigned(hash(salt, keys), 11).cast("double").divide(TWO_POW_53);
  }

  /** Uniform integer in [lo, hi], both included. */
  Column integer(String salt, Column lo, Column hi, Column... keys) {
    return lo.plus(floor(uniform(salt, keys).multiply(hi.minus(lo).plus(1)))).cast("int");
  }

  Column integer(String salt, int lo, int hi, Column... keys) {
    return integer(salt, lit(lo), lit(hi), keys);
  }

  /** Uniform real in [lo, hi). */
  Column between(String salt, double lo, double hi, Column... keys) {
    return uniform(salt, keys).multiply(hi - lo).plus(lo);
  }

  /** Standard normal, by Box–Muller on two independent uniforms. */
  Column normal(String salt, Column... keys) {
    Column u1 = uniform(salt + "/r", keys);
    Column u2 = uniform(salt + "/a", keys);
    return sqrt(log(lit(1.0).minus(u1)).multiply(-2.0)).multiply(cos(u2.multiply(2 * Math.PI)));
  }

  /** Lognormal with the given median and log-scale standard deviation. */
  Column lognormal(String salt, double median, double sigma, Column... keys) {
    return exp(normal(salt, keys).multiply(sigma)).multiply(median);
  }

  /** Lognormal with mean 1: {@code exp(sigma·z − sigma²/2)}. */
  Column meanOne(String salt, double sigma, Column... keys) {
    return exp(normal(salt, keys).multiply(sigma).minus(sigma * sigma / 2));
  }

  /** True with the given probability. */
  Column bernoulli(String salt, Column probability, Column... keys) {
    return uniform(salt, keys).lt(probability);
  }

  Column bernoulli(String salt, double probability, Column... keys) {
    return bernoulli(salt, lit(probability), keys);
  }

  /**
   * A Poisson count of mean {@code mean}: inversion of the CDF for means up to 30 (summing the
   * probabilities up to six standard deviations above the mean), the normal approximation
   * above. The result is capped at {@code cap}.
   */
  Column poisson(String salt, Column mean, int cap, Column... keys) {
    Column u = uniform(salt, keys);
    Column bound = least(lit(cap), mean.plus(sqrt(mean).multiply(6)).plus(8).cast("int"));
    Column inverted = POISSON_INVERSE.apply(u, mean, bound);
    Column approximated = greatest(lit(0),
        round(mean.plus(sqrt(mean).multiply(normal(salt + "/n", keys)))).cast("int"));
    return least(lit(cap),
        when(mean.leq(0), lit(0))
            .when(mean.leq(POISSON_INVERSION_LIMIT), inverted)
            .otherwise(approximated));
  }

  /**
   * The inversion as a function Spark calls from its generated code. It was a SQL
   * {@code aggregate} over {@code sequence(1, bound)}, which Spark 3.5 evaluates row by row
   * without code generation and which evaluated {@code u} and {@code mean} again at every step:
   * a sixth of a generation's CPU. The arithmetic is the same, in the same order
   * ({@code StrictMath.exp}, as Spark's interpreted {@code exp}), so the counts are too.
   */
  private static final UserDefinedFunction POISSON_INVERSE = udf(
      (UDF3<Double, Double, Integer, Integer>) Draws::invertPoisson, DataTypes.IntegerType);

  /**
   * The smallest k ≤ max(1, bound) whose Poisson(mean) CDF reaches u, or the last k tried when
   * none does before max(1, bound).
   */
  static Integer invertPoisson(Double u, Double mean, Integer bound) {
    if (u == null || mean == null || bound == null) {
      return null;
    }
    double p = StrictMath.exp(mean * -1.0);
    double c = p;
    int k = 0;
    int last = Math.max(1, bound);
    for (int i = 1; i <= last && c < u; i++) {
      p = p * mean / i;
      c = c + p;
      k = i;
    }
    return k;
  }

  /** Logistic function, for probabilities driven by a linear score. */
  static Column logistic(Column score) {
    return lit(1.0).divide(exp(score.multiply(-1)).plus(1.0));
  }
}
