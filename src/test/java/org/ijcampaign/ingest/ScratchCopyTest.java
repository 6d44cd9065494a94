package org.ijcampaign.ingest;

import static org.ijcampaign.ingest.IngestFixtures.header;
import static org.ijcampaign.ingest.IngestFixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.schema.Claims;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked lines' scratch copy: a dictionary only for the columns of a few values. */
class ScratchCopyTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void keepsDictionariesForFileNamesAndClosedListsOnly() throws IOException {
    String source = "ij_claims/a.csv";
    // Enough lines a file that a dictionary pays: Parquet drops one that does not.
    String[] claims = new String[40];
    for (int i = 0; i < claims.length; i++) {
      claims[i] = "C" + i + ";S" + i + ";" + (i % 2 == 0 ? "INITIAL" : "PROLONGATION") + ";P" + i
          + ";100000000" + (10 + i) + ";2024-03-01;2024-03-04;2024-03-17;14;511.00;MALADIE;";
    }
    Ingestion.writeScratch(RowChecks.apply(lines(spark(), LandingContract.CLAIMS, source,
            claims), LandingContract.CLAIMS, header(LandingContract.CLAIMS, source)),
        LandingContract.CLAIMS, dir.resolve("scratch").toString());
    Map<String, Boolean> dictionary = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir.resolve("scratch"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .toList()) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))) {
          for (BlockMetaData b : r.getFooter().getBlocks()) {
            for (ColumnChunkMetaData c : b.getColumns()) {
              dictionary.merge(c.getPath().toDotString(), c.hasDictionaryPage(),
                  Boolean::logicalOr);
            }
          }
        }
      }
    }
    assertFalse(dictionary.isEmpty(), "no row group written");
    for (String c : List.of(RawLines.LANDING_FILE, Quarantine.SOURCE_FILE,
        Claims.PRESCRIPTION_KIND, Claims.RISK)) {
      assertEquals(true, dictionary.get(c), c);
    }
    for (String c : List.of(Claims.CLAIM_ID, Claims.PATIENT_ID, Claims.PRESCRIBER_ID,
        Claims.STOP_ID, RowChecks.FIELDS_HASH)) {
      assertEquals(false, dictionary.get(c), c);
    }
  }
}
