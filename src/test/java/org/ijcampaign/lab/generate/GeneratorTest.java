package org.ijcampaign.lab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.AppConfig;
import org.ijcampaign.config.ConfigLoader;
import org.ijcampaign.ingest.LandingFiles;
import org.ijcampaign.lab.LabConfig;
import org.ijcampaign.lab.SharedZone;
import org.ijcampaign.lab.cli.DemoLanding;
import org.ijcampaign.ingest.SourceFile;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.junit.jupiter.api.Test;

/**
 * The generator on its own: the same seed gives the same bytes, every file follows the contract,
 * and the realised magnitudes, computed here from the landing files themselves and not from the
 * generator's own report, fall in the ranges of the régime général's national figures
 * (docs/generator.md, "Realised magnitudes").
 */
class GeneratorTest extends SparkTestBase {
  private static final AppConfig CFG = ConfigLoader.loadApp(new java.io.File("conf/local.conf"));
  private static final LabConfig LAB = LabConfig.load(new java.io.File("conf/local.conf"));
  /** The 150-GP zone the loopback integration test also reads (generated once per test JVM). */
  private Path zone() {
    return SharedZone.get(spark());
  }

  /** SHA-256 of every file under {@code dir}, by relative path. */
  private static Map<String, String> digests(Path dir) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(
            md.digest(Files.readAllBytes(p))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** The shared zone's bytes, file by file, in {@code sha256sum}'s format. */
  private static final Path MANIFEST = Path.of("src", "test", "resources", "shared-zone.sha256");

  /**
   * The shared zone must have the bytes its checked-in manifest records: drawn in another JVM, on
   * another machine, with any number of cores (local[1] and local[*] drew the same bytes), the
   * same seed writes the same files. It also makes every change of the generator's output a
   * visible change of the manifest, since the studies' figures come from its zones. A failure
   * writes the new manifest under target/; if the change is intended, copy it over.
   */
  @Test
  void theSharedZoneHasTheBytesOfItsCheckedInManifest() throws IOException {
    Map<String, String> drawn = digests(zone());
    drawn.remove(SharedZone.COMPLETE);
    Assertions.assertTrue(drawn.keySet().stream().anyMatch(k -> k.startsWith("landing/ij_claims/")),
        drawn.keySet().toString());
    Assertions.assertTrue(drawn.keySet().stream().anyMatch(k -> k.startsWith("truth/")),
        drawn.keySet().toString());
    StringBuilder text = new StringBuilder();
    drawn.forEach((file, sha) -> text.append(sha).append("  ").append(file).append('\n'));
    Map<String, String> recorded = new TreeMap<>();
    for (String line : Files.readAllLines(MANIFEST)) {
      recorded.put(line.substring(66), line.substring(0, 64));
    }
    if (!recorded.equals(drawn)) {
      Path now = Path.of("target", "shared-zone.sha256");
      Files.writeString(now, text);
      List<String> changed = Stream.concat(recorded.keySet().stream(), drawn.keySet().stream())
          .distinct().filter(f -> !java.util.Objects.equals(recorded.get(f), drawn.get(f)))
          .sorted().toList();
      Assertions.fail("the shared zone (" + SharedZone.GPS + " GPs, seed " + SharedZone.SEED
          + ") differs from " + MANIFEST + " in " + changed + ". If the generator's change is "
          + "intended, copy " + now + " over it; else the generator is no longer deterministic.");
    }
  }

  /**
   * Every draw of a zone descends from the spec's seed (Draws), the practitioners' first: a
   * second seed must change them. Checked on the practitioner table alone, which a zone's every
   * other file is drawn from, rather than on a third whole zone (about 40 s of fixed cost).
   */
  @Test
  void anotherSeedDrawsOtherPractitioners() {
    GenerateSpec seven = DemoLanding.spec(CFG, LAB, 30, 7);
    GenerateSpec eight = DemoLanding.spec(CFG, LAB, 30, 8);
    List<Row> a = practitioners(seven);
    assertEquals(a, practitioners(seven));
    assertNotEquals(a, practitioners(eight));
  }

  /**
   * The first pass of the claims (the untreated one the 2023 campaign is chosen on) draws only
   * the MALADIE stops started by a GP by the end of 2022S2 and still running on its first day:
   * it must give exactly the claims of those stops in the full draw, long stops started more
   * than a year before included, and so every GP the full draw's observed 2022S2 MALADIE days
   * (which no claim of another stop can pay, and no specialist's stop either).
   */
  @Test
  void theFirstPassDrawsExactlyTheFullDrawsClaimsOfTheMaladieStopsRunningInTheSelection() {
    GenerateSpec spec = DemoLanding.spec(CFG, LAB, 30, 7);
    Dataset<Row> gps = Practitioners.build(spark(), spec, Geography.synthetic(spark(), spec))
        .withColumn(Practitioners.TREAT_FACTOR, lit(1.0))
        .localCheckpoint();
    Column from = lit(Practitioners.SELECTION_START.toString()).cast("date");
    Column[] kept = {col(SickLeave.CLAIM_UID), col(Claims.PAID_DAYS), col(Claims.PERIOD_START),
        datediff(from, col(SickLeave.STOP_START)).as("started_days_before")};
    // What the comparison and observedDays read; the identifiers' text is not needed.
    Column[] read = {col(SickLeave.CLAIM_UID), col(SickLeave.STOP_UID), col(Claims.PAID_DAYS),
        col(Claims.PERIOD_START), col(SickLeave.STOP_START), col(SickLeave.STOP_DAYS),
        col(Claims.RISK), col(Claims.PRESCRIPTION_DATE), col(SickLeave.PRESCRIBER_IDX)};
    Dataset<Row> first = Practitioners.selectionClaims(spark(), spec, gps).select(read)
        .localCheckpoint();
    Dataset<Row> restricted = first.select(kept);
    // The full draw is materialised before the filter: a filter on the risk and the length
    // would be pushed into the draws' expressions and evaluate them again.
    Dataset<Row> all = SickLeave.claims(spark(), spec, gps, gps).select(read).localCheckpoint();
    // A specialist's stops are his walk-ins, numbered from his own index up.
    Column byGp = col(SickLeave.STOP_UID).lt(SickLeave.WALK_IN_BASE
        + spec.gps() * SickLeave.WALK_IN_UIDS_PER_PHYSICIAN);
    Dataset<Row> full = all
        .where(col(SickLeave.STOP_START).leq(lit(Practitioners.SELECTION_END.toString())
            .cast("date"))
            .and(col(Claims.RISK).equalTo(Claims.MALADIE))
            .and(date_add(col(SickLeave.STOP_START), col(SickLeave.STOP_DAYS).minus(1))
                .geq(from)));
    List<Row> a = restricted.orderBy(SickLeave.CLAIM_UID).collectAsList();
    List<Row> b = full.where(byGp).select(kept).orderBy(SickLeave.CLAIM_UID).collectAsList();
    Assertions.assertFalse(a.isEmpty());
    assertEquals(b.size(), a.size(), "claims of the GPs' MALADIE stops running in 2022S2");
    assertEquals(b, a);
    // Specialists' stops were left out (the zone has some running in 2022S2), and every GP's
    // observed days are the full draw's (a specialist's are not: he prolongs GPs' stops).
    Assertions.assertTrue(full.where(byGp.unary_$bang()).count() > 0);
    Column gp = col("_obs_idx").lt(spec.gps());
    List<Row> observedFull = Practitioners.observedDays(all, gps).where(gp)
        .orderBy("_obs_idx").collectAsList();
    Assertions.assertFalse(observedFull.isEmpty());
    assertEquals(observedFull, Practitioners.observedDays(first, gps).where(gp)
        .orderBy("_obs_idx").collectAsList());
    // The exception for long stops is exercised: some kept stop started over 364 days before.
    Assertions.assertTrue(a.stream().anyMatch(
        r -> r.<Integer>getAs("started_days_before") > SickLeave.MEDIUM_MAX_DAYS - 1));
  }

  private List<Row> practitioners(GenerateSpec spec) {
    return Practitioners.build(spark(), spec, Geography.synthetic(spark(), spec))
        .select(Practitioners.IDX, Practitioners.LIST_SIZE, Practitioners.PRACTICE)
        .orderBy(Practitioners.IDX).collectAsList();
  }

  @Test
  void everyFileHasTheContractHeaderAndTheTruthStaysOutsideTheLandingZone() {
    Map<LandingContract.LandingFile, List<SourceFile>> files =
        LandingFiles.locate(spark(), zone().resolve("landing").toString());
    // Every required contract file is generated (iris_clusters.csv, optional, only with
    // --with-clusters); locate() has checked each header against the contract.
    assertEquals(LandingContract.ALL.stream().filter(f -> !f.optional()).toList(),
        List.copyOf(files.keySet()));
    for (Map.Entry<LandingContract.LandingFile, List<SourceFile>> e : files.entrySet()) {
      for (SourceFile s : e.getValue()) {
        assertEquals(e.getKey().columnNames(), s.header(), s.name());
      }
    }
    try (Stream<Path> all = Files.walk(zone().resolve("landing"))) {
      assertEquals(List.of(), all.filter(p -> p.toString().contains("truth")).toList());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private Dataset<Row> csv(String relative) {
    return spark().read().option("header", "true").option("sep", ";")
        .option("inferSchema", "false").csv(zone().resolve("landing").resolve(relative)
            .toString());
  }

  @Test
  void codesHaveTheShapesOfTheRealOnesIncludingCorsicaAndCommunesNotSplitIntoIris() {
    Dataset<Row> iris = csv("iris_indicators.csv");
    iris.createOrReplaceTempView("gen_iris");
    Row r = spark().sql("SELECT "
        + "sum(CASE WHEN iris_code RLIKE '^2A[0-9]{7}$' THEN 1 ELSE 0 END), "
        + "sum(CASE WHEN iris_code RLIKE '^2B[0-9]{7}$' THEN 1 ELSE 0 END), "
        + "sum(CASE WHEN iris_code RLIKE '^([0-9]{2}|2[AB])[0-9]{3}0000$' THEN 1 ELSE 0 END), "
        + "sum(CASE WHEN iris_code RLIKE '^97[0-9]{7}$' THEN 1 ELSE 0 END), "
        + "count(*) FROM gen_iris").head();
    Assertions.assertTrue(r.getLong(0) > 0, "Corse-du-Sud IRIS");
    Assertions.assertTrue(r.getLong(1) > 0, "Haute-Corse IRIS");
    Assertions.assertTrue(r.getLong(2) > 0, "communes not split into IRIS (code + 0000)");
    Assertions.assertTrue(r.getLong(3) > 0, "overseas IRIS");
    Dataset<Row> physicians = csv("physicians.csv");
    assertEquals(0, physicians.where("NOT physician_id RLIKE '^[0-9]{11}$'").count()
        - plantedBad("physicians.csv", "invalid_identifier"));
  }

  private long plantedBad(String file, String reason) {
    return spark().read().option("header", "true").option("sep", ";")
        .csv(zone().resolve("truth").resolve("planted_bad_rows.csv").toString())
        .where("landing_file = '" + file + "' AND reason = '" + reason + "'")
        .collectAsList().stream().mapToLong(x -> Long.parseLong(x.getString(2))).sum();
  }

  @Test
  void realisedMagnitudesAreThoseOfTheRegimeGeneral() {
    Dataset<Row> claims = csv("ij_claims/*.csv")
        .where("risk = 'MALADIE' AND reversal_of IS NULL AND paid_days RLIKE '^[0-9]+$' "
            + "AND amount_eur RLIKE '^[0-9.]+$'");
    claims.createOrReplaceTempView("gen_claims");
    Row money = spark().sql("SELECT sum(CAST(amount_eur AS DOUBLE)) / sum(CAST(paid_days AS "
        + "DOUBLE)), count(DISTINCT stop_id) FROM gen_claims").head();
    // €10.2 bn for 286 M days: about €36–37 a paid day.
    double eurPerDay = money.getDouble(0);
    Assertions.assertTrue(eurPerDay > 34 && eurPerDay < 40, "EUR per paid day " + eurPerDay);

    // Stops over one year: 3 % of stops, about a quarter of the money.
    Row stops = spark().sql("SELECT sum(CASE WHEN days > 365 THEN 1 ELSE 0 END) / count(*), "
        + "sum(CASE WHEN days > 365 THEN amount ELSE 0 END) / sum(amount), "
        + "sum(CASE WHEN days < 8 THEN amount ELSE 0 END) / sum(amount) FROM ("
        + "SELECT stop_id, datediff(max(to_date(period_end)), min(to_date(prescription_date))) + 1 "
        + "AS days, sum(CAST(amount_eur AS DOUBLE)) AS amount FROM gen_claims "
        + "GROUP BY stop_id HAVING year(min(to_date(prescription_date))) BETWEEN 2022 AND 2023)").head();
    Assertions.assertTrue(stops.getDouble(0) < 0.06, "share of stops over a year " + stops.getDouble(0));
    Assertions.assertTrue(stops.getDouble(1) > 0.12 && stops.getDouble(1) < 0.40,
        "share of money in stops over a year " + stops.getDouble(1));
    Assertions.assertTrue(stops.getDouble(2) > 0.01 && stops.getDouble(2) < 0.08,
        "share of money in stops under 8 days " + stops.getDouble(2));

    // Médecin-traitant lists of settled GPs: on average about 960 adult patients.
    Dataset<Row> links = csv("mt_links.csv");
    links.createOrReplaceTempView("gen_links");
    csv("physicians.csv").createOrReplaceTempView("gen_physicians");
    Row lists = spark().sql("SELECT percentile_approx(n, 0.5), avg(n) FROM (SELECT "
        + "l.physician_id, count(DISTINCT patient_id) AS n FROM gen_links l JOIN gen_physicians "
        + "p ON l.physician_id = p.physician_id WHERE p.specialty_code = '01' AND "
        + "to_date(p.installation_date) < DATE '2020-01-01' GROUP BY l.physician_id)").head();
    double median = ((Number) lists.get(0)).doubleValue();
    Assertions.assertTrue(median > 600 && median < 1300, "median list " + median);

    // Every kind of row a careless pipeline would miscount is present.
    Row kinds = spark().sql("SELECT count(*) FROM gen_links").head();
    Assertions.assertTrue(kinds.getLong(0) > 0);
    Dataset<Row> all = csv("ij_claims/*.csv");
    for (String risk : List.of("AT_MP", "MATERNITE")) {
      Assertions.assertTrue(all.where("risk = '" + risk + "'").count() > 0, risk);
    }
    Assertions.assertTrue(all.where("reversal_of IS NOT NULL AND reversal_of <> ''").count() > 0,
        "reversals");
  }
}
