package org.ijcampaign.config;

/**
 * Whose days the claims written under a replaced titular's identifier are (docs/method.md,
 * "Profile"). Substitutes prescribe under the titular's RPPS, so without a rule their
 * stops count against the titular: the complaint of GPs flagged for a summer's replacement.
 */
public enum ReplacementRule {
  /** Every claim counts for the identifier it carries (the old method, for comparison). */
  OFF,
  /**
   * The claim-by-claim rule: a claim prescribed while a replacement contract of its prescriber
   * runs belongs to the substitute.
   */
  PRESCRIPTIONS,
  /**
   * The claim-by-claim rule, and also: a stop whose first prescription under the titular's
   * identifier falls inside one of his contracts belongs to the substitute with its prolongations
   * written after the contract. The médecin traitant may prolong a stop he did not start (CSS art.
   * L162-4-4), and does when he comes back; the decision to stop work was the substitute's.
   */
  STOPS;

  public boolean on() {
    return this != OFF;
  }

  /** From the configuration's two switches. */
  public static ReplacementRule of(boolean on, boolean followStops) {
    return !on ? OFF : followStops ? STOPS : PRESCRIPTIONS;
  }
}
