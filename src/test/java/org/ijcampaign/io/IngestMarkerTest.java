package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** A warehouse whose last ingestion started and never finished is refused by later jobs. */
class IngestMarkerTest extends SparkTestBase {
  @Test
  void aStartedIngestWithoutItsEndIsRefusedAndACompleteOneIsNot() throws Exception {
    Path wh = tempDir("marker");
    DeltaStore store = new DeltaStore(spark(), wh.toString());
    // No mark at all: a warehouse from before the mark, accepted.
    IngestMarker.requireComplete(store);
    IngestMarker.started(store, "run-1");
    IngestMarker.Incomplete e = assertThrows(IngestMarker.Incomplete.class,
        () -> IngestMarker.requireComplete(store));
    Assertions.assertTrue(e.getMessage().contains("did not complete (RUNNING run-1)"),
        e.getMessage());
    IngestMarker.succeeded(store, "run-1", Map.of("physicians", 3L, "claims_clean", 2L));
    IngestMarker.requireComplete(store);
    Assertions.assertEquals("SUCCEEDED run-1\nclaims_clean 2\nphysicians 3\n",
        IngestMarker.read(store));
    try (var files = Files.list(wh)) {
      // The local file system's checksum companion aside.
      Assertions.assertEquals(1, files.filter(f -> !f.getFileName().toString().endsWith(".crc"))
          .count(), "a temporary mark was left behind");
    }
  }
}
