package org.ijcampaign.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.util.ReflectionUtils;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.io.IngestMarker;
import org.ijcampaign.io.InputError;
import org.ijcampaign.io.RunLog;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Every file of a landing zone is read or stops the run: claim parts in upper case or
 * compressed are read and reconciled; a subfolder, an unknown extension or a stray file is an
 * {@link InputError} naming it, before anything is written.
 */
class LandingFilesTest extends SparkTestBase {
  private static final String HEADER = String.join(";", LandingContract.CLAIMS.columnNames());

  private static String claim(String id) {
    return id + ";S9;INITIAL;P1;10000000001;2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;";
  }

  private static byte[] text(String... claims) {
    return (HEADER + "\n" + String.join("\n", claims) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void gzip(Path file, byte[] content) throws IOException {
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file))) {
      os.write(content);
    }
  }

  private static void bzip2(Path file, byte[] content) throws IOException {
    BZip2Codec codec = ReflectionUtils.newInstance(BZip2Codec.class, new Configuration());
    try (OutputStream os = codec.createOutputStream(Files.newOutputStream(file))) {
      os.write(content);
    }
  }

  private String refusal(Path landing) {
    DeltaStore store = new DeltaStore(spark(), tempDir("wh").toString());
    InputError e = assertThrows(InputError.class, () -> Ingestion.run(store,
        new RunLog(store, "ingest", Map.of(), "test", "h"), landing.toString()));
    Assertions.assertFalse(store.exists(Tables.PHYSICIANS), "written before the refusal");
    return e.getMessage();
  }

  @Test
  void readsUpperCaseGzipAndBzip2ClaimPartsAndReconcilesEachFile() throws IOException {
    Path landing = TinyLanding.write(spark(), tempDir("landing"));
    Path claims = landing.resolve(LandingContract.CLAIMS.path());
    Files.write(claims.resolve("part-c.CSV"), text(claim("U1")));
    gzip(claims.resolve("part-d.csv.gz"), text(claim("G1"), claim("G2")));
    bzip2(claims.resolve("part-e.csv.bz2"), text(claim("B1")));
    // What Hadoop and Spark leave beside data files is not a claim part.
    Files.writeString(claims.resolve("_SUCCESS"), "");
    Files.writeString(claims.resolve(".part-a.csv.crc"), "x");
    DeltaStore store = new DeltaStore(spark(), tempDir("wh").toString());
    List<RunLog.Count> counts = Ingestion.run(store,
        new RunLog(store, "ingest", Map.of(), "test", "h"), landing.toString());
    List<String> claimFiles = counts.stream().filter(c -> c.item().startsWith("ij_claims/"))
        .map(c -> c.item() + " " + c.read() + "=" + c.accepted() + "+" + c.quarantined())
        .toList();
    assertEquals(List.of("ij_claims/part-a.csv 2=2+0", "ij_claims/part-b.csv 3=2+1",
        "ij_claims/part-c.CSV 1=1+0", "ij_claims/part-d.csv.gz 2=2+0",
        "ij_claims/part-e.csv.bz2 1=1+0"), claimFiles);
    List<String> ids = store.read(Tables.CLAIMS_CLEAN).where("stop_id = 'S9'")
        .select(Claims.CLAIM_ID, "source_file", "source_line").collectAsList().stream()
        .map(r -> r.mkString("|")).sorted().toList();
    assertEquals(List.of("B1|ij_claims/part-e.csv.bz2|2", "G1|ij_claims/part-d.csv.gz|2",
        "G2|ij_claims/part-d.csv.gz|3", "U1|ij_claims/part-c.CSV|2"), ids);
    String mark = IngestMarker.read(store);
    Assertions.assertTrue(mark.startsWith("SUCCEEDED ") && mark.contains("\nclaims_clean "),
        mark);
  }

  @Test
  void aClaimFileInASubfolderStopsTheRunNamingIt() throws IOException {
    Path landing = TinyLanding.write(spark(), tempDir("landing"));
    Path sub = Files.createDirectories(landing.resolve("ij_claims/2024"));
    Files.write(sub.resolve("part-z.csv"), text(claim("Z1")));
    String m = refusal(landing);
    Assertions.assertTrue(m.contains("ij_claims/2024/: a subfolder"), m);
  }

  @Test
  void aClaimFileOfAnUnknownExtensionStopsTheRunNamingIt() throws IOException {
    for (String name : new String[] {"part-z.txt", "part-z.csv.zip", "part-z.CSV.GZ"}) {
      Path landing = TinyLanding.write(spark(), tempDir("landing"));
      Files.write(landing.resolve("ij_claims").resolve(name), text(claim("Z1")));
      String m = refusal(landing);
      Assertions.assertTrue(m.contains("ij_claims/" + name + ": an unknown extension"), m);
    }
  }

  @Test
  void aStrayFileOrATwiceGivenFileAtTheRootStopsTheRunNamingIt() throws IOException {
    Path landing = TinyLanding.write(spark(), tempDir("landing"));
    Files.writeString(landing.resolve("Physicians.csv"), "x");
    Files.createDirectories(landing.resolve("ij_claims_2023"));
    String m = refusal(landing);
    Assertions.assertTrue(m.contains("Physicians.csv: not a file of the contract"), m);
    Assertions.assertTrue(m.contains("ij_claims_2023/: not a file of the contract"), m);

    Path twice = TinyLanding.write(spark(), tempDir("landing"));
    Files.writeString(twice.resolve("iris_clusters.csv"), "iris_code;cluster\n751010101;1\n");
    String t = refusal(twice);
    Assertions.assertTrue(t.contains("iris_clusters.parquet/: not a file of the contract"), t);
  }
}
