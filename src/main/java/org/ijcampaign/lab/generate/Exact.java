package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.MakeDecimal;
import org.apache.spark.sql.catalyst.expressions.UnscaledValue;

/**
 * Cheaper spellings of a few of the generator's expressions that give the same values to the
 * bit, so that a zone keeps its bytes. Spark's {@code round} of a double goes through
 * {@code BigDecimal.valueOf} (the double's decimal text), its cast of a double to a decimal
 * likewise, and its {@code pow} and {@code exp} are {@code StrictMath}'s: in a national
 * generation these ran once or more per claim and per médecin-traitant link, a fifth of the
 * claims' CPU. {@code ExactTest} holds each equal to the expression it replaces.
 */
final class Exact {
  private Exact() {}

  /**
   * How far from a half cent a value must be for the double arithmetic to round it as the
   * decimal would: the decimal text of a double below 10⁷ cents is within 10⁻⁸ cent of it.
   */
  private static final double TIE_MARGIN = 1e-6;
  /** Above this many cents the exact path is kept (a rate or an amount never comes near). */
  private static final double CENTS_LIMIT = 1e7;

  /** Whether {@code x} is away from a half cent, where double rounding is the decimal's. */
  private static Column clear(Column x, Column hundredfold) {
    return x.geq(0).and(hundredfold.lt(CENTS_LIMIT))
        .and(abs(hundredfold.minus(floor(hundredfold)).minus(0.5)).gt(TIE_MARGIN));
  }

  /**
   * {@code round(x, 2)} (half up, as Spark rounds a double through its decimal text). Away
   * from a tie, {@code floor(100x + 0.5) / 100} is the same double: {@code BigDecimal}'s
   * {@code doubleValue} of n hundredths is {@code n / 100.0}.
   */
  static Column round2(Column x) {
    Column hundredfold = x.multiply(100.0);
    return when(clear(x, hundredfold), floor(hundredfold.plus(0.5)).divide(100.0))
        .otherwise(round(x, 2));
  }

  /** The unscaled value (cents) of {@code round(x, 2).cast("decimal(8,2)")}, a long. */
  static Column cents(Column x) {
    Column hundredfold = x.multiply(100.0);
    return when(clear(x, hundredfold), floor(hundredfold.plus(0.5)))
        .otherwise(new Column(new UnscaledValue(round(x, 2).cast("decimal(8,2)").expr())));
  }

  /** The decimal of {@code unscaled} (a long) at {@code scale}, null when it overflows. */
  static Column decimal(Column unscaled, int precision, int scale) {
    return new Column(new MakeDecimal(unscaled.expr(), precision, scale, true));
  }

  /** The unscaled value (a long) of a decimal of precision 18 or less. */
  static Column unscaled(Column decimal) {
    return new Column(new UnscaledValue(decimal.expr()));
  }

  /**
   * {@code pow(base, k)} for an integer column {@code k}: a constant of the array computed
   * once with {@code StrictMath.pow} for k in [lo, hi], Spark's {@code pow} outside.
   */
  static Column pow(double base, Column k, int lo, int hi) {
    return table(i -> StrictMath.pow(base, (double) i), k, lo, hi,
        org.apache.spark.sql.functions.pow(lit(base), k));
  }

  /**
   * {@code exp(k × factor)} for an integer column {@code k}: a constant of the array computed
   * once with {@code StrictMath.exp} for k in [lo, hi], Spark's {@code exp} outside.
   */
  static Column expOf(Column k, double factor, int lo, int hi) {
    return table(i -> StrictMath.exp((double) i * factor), k, lo, hi,
        exp(k.multiply(factor)));
  }

  private static Column table(IntToDoubleFunction f, Column k, int lo, int hi,
      Column otherwise) {
    Column values = array(IntStream.rangeClosed(lo, hi).mapToObj(i -> lit(f.applyAsDouble(i)))
        .toArray(Column[]::new));
    return when(k.between(lo, hi), element_at(values, k.minus(lo - 1))).otherwise(otherwise);
  }
}
