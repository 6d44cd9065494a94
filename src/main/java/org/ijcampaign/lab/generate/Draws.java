package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

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

  /** A 64-bit hash of (seed, salt, keys): the source of every draw. */
  Column hash(String salt, Column... keys) {
    Column[] all = new Column[keys.length + 2];
    all[0] = lit(seed);
    all[1] = lit(salt);
    for (int i = 0; i < keys.length; i++) {
      all[i + 2] = keys[i].cast("long");
    }
    return xxhash64(all);
  }

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
    Column start = struct(lit(0).as("k"), exp(mean.multiply(-1)).as("p"),
        exp(mean.multiply(-1)).as("c"));
    Column inverted = aggregate(sequence(lit(1), greatest(lit(1), bound)), start,
        (acc, i) -> {
          Column p = acc.getField("p").multiply(mean).divide(i);
          return when(acc.getField("c").lt(u),
              struct(i.as("k"), p.as("p"), acc.getField("c").plus(p).as("c")))
              .otherwise(acc);
        },
        acc -> acc.getField("k"));
    Column approximated = greatest(lit(0),
        round(mean.plus(sqrt(mean).multiply(normal(salt + "/n", keys)))).cast("int"));
    return least(lit(cap),
        when(mean.leq(0), lit(0))
            .when(mean.leq(POISSON_INVERSION_LIMIT), inverted)
            .otherwise(approximated));
  }

  /** Logistic function, for probabilities driven by a linear score. */
  static Column logistic(Column score) {
    return lit(1.0).divide(exp(score.multiply(-1)).plus(1.0));
  }
}
