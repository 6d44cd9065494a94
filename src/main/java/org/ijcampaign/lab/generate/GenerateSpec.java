package org.ijcampaign.lab.generate;

import java.time.LocalDate;

/**
 * What to generate: the number of general practitioners, the seed, the calendar years of
 * claims ({@code ijcampaign.generate.first-year .. last-year}), the number of claim files per
 * year ({@code ijcampaign.generate.partitions}, also the number of generation tasks), and
 * whether to add {@code iris_clusters.csv} with {@code clusterCount} clusters, and the sizes of
 * the GP-level mechanisms ({@link Scenario}).
 */
public record GenerateSpec(int gps, long seed, int firstYear, int lastYear, int parts,
    boolean withClusters, int clusterCount, double campaignScale, Scenario scenario) {

  /** Years simulated before the first year so that long stops are already running on 1 Jan. */
  public static final int BURN_IN_YEARS = 2;

  public GenerateSpec {
    if (!(campaignScale > 0)) {
      throw new IllegalArgumentException("campaign-2023-scale must be positive, not "
          + campaignScale);
    }
    if (gps < 10) {
      throw new IllegalArgumentException("--gps must be at least 10, not " + gps);
    }
    if (lastYear < firstYear) {
      throw new IllegalArgumentException("last year " + lastYear + " is before " + firstYear);
    }
    if (parts < 1 || parts > 98) {
      throw new IllegalArgumentException("claim files per year must lie in 1..98, not " + parts);
    }
    if (scenario == null) {
      throw new IllegalArgumentException("a generation needs a scenario");
    }
    if (gps >= Ids.SUBSTITUTE_BASE / 2) {
      throw new IllegalArgumentException("--gps is too large for the identifier spaces: " + gps);
    }
  }

  /** The same zone with the 2023 campaign's counts multiplied by {@code factor}. */
  public GenerateSpec withCampaignScale(double factor) {
    return new GenerateSpec(gps, seed, firstYear, lastYear, parts, withClusters, clusterCount,
        factor, scenario);
  }

  /** A national count of the 2023 campaign scaled by N / 60,000 × the campaign scale. */
  public int scaledCampaign(double national, int min) {
    return Math.max(min, (int) Math.round(national * scale() * campaignScale));
  }

  /** Scale of national totals: N / 60,000. */
  public double scale() {
    return gps / (double) Calibration.NATIONAL_GPS;
  }

  /** Physicians of other specialties who also prescribe sick leave. */
  public int specialists() {
    return Math.max(1, (int) Math.round(gps * Calibration.SPECIALISTS_PER_GP));
  }

  /** All real physicians: GPs are numbered 0..gps-1, specialists after them. */
  public int physicians() {
    return gps + specialists();
  }

  /** A national count scaled by N / 60,000, at least {@code min}. */
  public int scaled(double national, int min) {
    return Math.max(min, (int) Math.round(national * scale()));
  }

  /** First day of simulated stops (burn-in included). */
  public LocalDate horizonStart() {
    return LocalDate.of(firstYear - BURN_IN_YEARS, 1, 1);
  }

  /** First day of the claims written. */
  public LocalDate dataStart() {
    return LocalDate.of(firstYear, 1, 1);
  }

  /** Last day of the claims written (a paid period may run past it). */
  public LocalDate dataEnd() {
    return LocalDate.of(lastYear, 12, 31);
  }

  /** Semesters simulated, burn-in included: the length of each GP's shock array. */
  public int semesters() {
    return 2 * (lastYear - firstYear + 1 + BURN_IN_YEARS);
  }

  /** Index in the shock array of the semester starting on {@code year}-01 or -07. */
  public int semesterIndex(int year, int half) {
    return 2 * (year - (firstYear - BURN_IN_YEARS)) + (half - 1);
  }
}
