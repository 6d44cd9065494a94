package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;

import org.apache.spark.sql.Column;

/**
 * Pseudonymous identifiers. An entity's number {@code x} (its index in its own space) becomes
 * {@code prefix + (x·a + b) mod 10^digits}, zero-padded: an affine permutation (a is coprime
 * with 10, b depends on the seed), so distinct numbers give distinct identifiers, identifiers
 * look unordered, and another seed gives other identifiers. Numbers stay below 10^digits and
 * {@code x·a} below 2^63.
 *
 * <p>Number spaces that must never meet are kept apart by range, not by chance: physicians
 * below {@link #SUBSTITUTE_BASE}, replacement substitutes above it, planted unknown prescribers
 * above {@link #UNKNOWN_BASE}; likewise for patients.
 */
final class Ids {
  private Ids() {}

  /** First number of the substitutes' RPPS space (physicians are numbered below). */
  static final long SUBSTITUTE_BASE = 200_000_000L;
  /** First number of planted RPPS that belong to nobody (unknown prescribers, physicians). */
  static final long UNKNOWN_BASE = 500_000_000L;
  /** Patients are numbered physician × this + rank in the list, so a list holds fewer. */
  static final long PATIENTS_PER_PHYSICIAN = 10_000L;
  /** First number of planted patients: extra entities and unknown references. */
  static final long EXTRA_PATIENT_BASE = 5_000_000_000L;

  private static final long A9 = 387_420_489L;
  private static final long A10 = 387_420_489L;
  private static final long A13 = 531_441L;
  private static final long A15 = 6_561L;

  /** 11-digit RPPS number: {@code 10} then 9 digits. */
  static Column rpps(Column number, long seed) {
    return concat(lit("10"), permuted(number, A9, 9, seed));
  }

  /** {@code P} then 10 digits. */
  static Column patient(Column number, long seed) {
    return concat(lit("P"), permuted(number, A10, 10, seed));
  }

  /** {@code S} then 13 digits. */
  static Column stop(Column number, long seed) {
    return concat(lit("S"), permuted(number, A13, 13, seed));
  }

  /** {@code C} then 15 digits. */
  static Column claim(Column number, long seed) {
    return concat(lit("C"), permuted(number, A15, 15, seed));
  }

  private static Column permuted(Column number, long a, int digits, long seed) {
    long modulus = (long) Math.pow(10, digits);
    long b = Math.floorMod(seed * 0x9E3779B97F4A7C15L + digits, modulus);
    Column value = pmod(number.cast("long").multiply(a).plus(b), lit(modulus));
    return lpad(value.cast("string"), digits, "0");
  }
}
