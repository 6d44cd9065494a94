package org.ijcampaign.lab.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ijcampaign.io.RowTally;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.IrisIndicators;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.MtLinks;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Physicians;
import org.ijcampaign.schema.Replacements;

/**
 * A synthetic landing zone, as datasets ready to write: each landing file's rows (contract
 * columns as text, planted bad rows after the real ones) and the truth tables. The geography,
 * the physician table (one row per physician) and the planted rows are computed when the zone
 * is built (small); the national tables when they are written.
 *
 * <p>The national tables (patients, links, claims) are streams from the physicians: the
 * patients are written with their totals tallied ({@link PatientTally}), the claims with theirs
 * ({@link ClaimTally}), so that the truth's totals cost no second pass.
 */
public record LandingZone(GenerateSpec spec, Geography geography, Dataset<Row> physicians,
    Planted.Rows planted) {

  /** The file-name column of {@link #claims()}: {@code claims_<year>_<part>.csv}. */
  public static final String CLAIM_FILE = "claim_file";
  /** Whether a claim row of {@link #claimsFile} is a walk-in claim (written after the others). */
  public static final String WALK_IN_CLAIM = "walk_in_claim";

  /** Builds the zone of {@code spec} on {@code geography} (synthetic or reference). */
  public static LandingZone build(SparkSession spark, GenerateSpec spec, Geography geography) {
    // Small tables that every other one derives from are checkpointed: computed once, and
    // their lineage cut so that the plans built on them stay small to optimise.
    Geography fixed = geography.checkpointed();
    Dataset<Row> first = Practitioners.build(spark, spec, fixed).localCheckpoint();
    // The 2023 campaign is chosen on the 2022S2 days the claims carry: a first generation of
    // the claims without any treatment gives them (only an aggregate per GP is kept). The
    // physicians of that pass have no campaign yet, hence a treatment multiplier of 1.
    Dataset<Row> untreated = first.withColumn(Practitioners.TREAT_FACTOR, lit(1.0));
    Dataset<Row> observed = Practitioners.observedDays(
        Practitioners.selectionClaims(spark, spec, untreated), first).localCheckpoint();
    Dataset<Row> physicians = Practitioners.withCampaignOnObserved(spec, first, observed)
        .localCheckpoint();
    Planted.Rows planted = Planted.build(spark, spec, physicians, fixed);
    planted.verify();
    return new LandingZone(spec, fixed, physicians, planted);
  }

  private Dataset<Row> withPlanted(Dataset<Row> real, String file) {
    Dataset<Row> extra = planted.byFile().get(file);
    if (extra == null) {
      return real;
    }
    // Planted rows after the real ones, in plant order (union keeps partition order); a
    // column of the real rows the planted ones lack (a tally's) is null there.
    Set<String> planted = Set.of(extra.columns());
    return real.union(extra.orderBy(Planted.ORDER).select(
        Arrays.stream(real.schema().fields()).map(f -> planted.contains(f.name())
            ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new)));
  }

  public Dataset<Row> physiciansFile() {
    return withPlanted(LandingRows.physicians(physicians), Physicians.FILE);
  }

  /** The typed patient stream. */
  public Dataset<Row> patients(SparkSession spark) {
    return Population.patients(spark, spec, physicians);
  }

  /** {@code patients.csv}'s rows, then the columns of {@link #patientTally} (planted: null). */
  public Dataset<Row> patientsFile(Dataset<Row> patients) {
    return withPlanted(LandingRows.patients(patients, PatientTally.inputs()), Patients.FILE);
  }

  /**
   * The truth's totals over the patients, tallied by the writer of {@link #patientsFile}
   * ({@link PatientTally}); {@link #patientTotals} names them.
   */
  public RowTally patientTally() {
    return new PatientTally(spec);
  }

  /** The totals of {@link #patientTally} by name. */
  public Map<String, Object> patientTotals(long[] totals) {
    return new PatientTally(spec).values(totals);
  }

  public Dataset<Row> mtLinksFile(Dataset<Row> patients) {
    return withPlanted(LandingRows.mtLinks(patients, spec.seed()), MtLinks.FILE);
  }

  /** The typed claim stream. */
  public Dataset<Row> claims(SparkSession spark) {
    return SickLeave.claims(spark, spec, physicians, physicians);
  }

  /**
   * The truth's totals over the claims, tallied by the writer of {@link #claimsFile}
   * ({@link ClaimTally}); {@link #claimTotals} names them.
   */
  public RowTally claimTally() {
    return new ClaimTally(spec);
  }

  /** The totals of {@link #claimTally} by name. */
  public Map<String, Object> claimTotals(long[] totals) {
    return new ClaimTally(spec).values(totals);
  }

  /**
   * Claim rows as text with {@link #CLAIM_FILE}, {@link SickLeave#CLAIM_UID} and
   * {@link #WALK_IN_CLAIM}, for {@link org.ijcampaign.io.LandingParts#writeInKeyOrder}: one file
   * per year and task, each in claim-number order. A task generates its physicians' claims in
   * that order, each physician's walk-in claims first, and walk-in claims are numbered above all
   * others ({@link SickLeave#WALK_IN_BASE}): so a file is the other claims as they come, then the
   * walk-in ones, with no sort (the writer fails if a row arrives out of that order). The
   * columns of {@link #claimTally} follow.
   */
  public Dataset<Row> claimsFile(Dataset<Row> claims) {
    Column[] tally = ClaimTally.inputs(spec);
    Dataset<Row> text = LandingRows.claims(claims, tally)
        .withColumn(CLAIM_FILE, claimFileName(col(SickLeave.FILE_YEAR),
            col(Practitioners.PART)))
        .withColumn(WALK_IN_CLAIM, col(SickLeave.CLAIM_UID)
            .geq(SickLeave.WALK_IN_BASE * SickLeave.CLAIMS_PER_STOP));
    List<Column> out = new ArrayList<>();
    for (String c : LandingContract.CLAIMS.columnNames()) {
      out.add(col(c));
    }
    out.add(col(CLAIM_FILE));
    out.add(col(SickLeave.CLAIM_UID));
    out.add(col(WALK_IN_CLAIM));
    for (String c : claimTally().columns()) {
      out.add(col(c));
    }
    return text.select(out.toArray(new Column[0]));
  }

  /**
   * {@code claims_<year>_<part>.csv}, the part on two digits at least: the text of
   * {@code format_string("claims_%d_%02d.csv", ...)}, which parses its pattern again for every
   * claim (about 3 % of a 6,000-GP generation's CPU samples).
   */
  static Column claimFileName(Column year, Column part) {
    Column partText = part.cast("string");
    return concat(lit("claims_"), year.cast("string"), lit("_"),
        when(part.between(0, 9), concat(lit("0"), partText)).otherwise(partText), lit(".csv"));
  }

  public Dataset<Row> replacementsFile() {
    return withPlanted(LandingRows.replacements(physicians), Replacements.FILE);
  }

  public Dataset<Row> irisIndicatorsFile() {
    return withPlanted(LandingRows.irisIndicators(geography), IrisIndicators.FILE);
  }

  public Dataset<Row> irisClustersFile() {
    return withPlanted(LandingRows.irisClusters(geography, spec.clusterCount()),
        IrisClusters.FILE);
  }

  public Dataset<Row> aplFile() {
    return withPlanted(LandingRows.apl(geography), Apl.FILE);
  }

  public Dataset<Row> campaignHistoryFile() {
    return withPlanted(LandingRows.campaignHistory(physicians), CampaignHistory.FILE);
  }

  /**
   * The physician table the truth describes: {@link #physicians()}, with each planted GP's days
   * multiplier as his days show it under a scenario of longer stops
   * ({@link SickLeave#effectiveMultipliers}).
   */
  public Dataset<Row> truthPhysicians(SparkSession spark) {
    return SickLeave.effectiveMultipliers(spark, spec, physicians);
  }

  /** In-scope days per semester: the observed claim metrics less the conflict victims. */
  public Dataset<Row> inScopeDays(SparkSession spark, Map<String, Object> claimMetrics) {
    return Truth.inScopeDays(spark, spec, claimMetrics, planted.claimVictims());
  }
}
