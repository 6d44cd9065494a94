package org.ijcampaign.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ijcampaign.TestDirs;
import org.junit.jupiter.api.Test;

/** The benchmark's scratch-disk figure, on folders this test fills by hand. */
class StageMeterTest {

  @Test
  void aStageReportsThePeakSizeOfTheWatchedFoldersAndTheNextStageStartsFromZero()
      throws IOException {
    Path dir = TestDirs.create("meter");
    Path nested = dir.resolve("shuffle");
    // A folder that does not exist yet is watched too (Spark creates its own lazily).
    StageMeter meter = new StageMeter(() -> List.of(dir, dir.resolve("absent")));
    meter.measure("write and keep", () -> {
      try {
        Files.write(dir.resolve("a.parquet"), new byte[3000]);
        Files.createDirectories(nested);
        Files.write(nested.resolve("b.data"), new byte[2000]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return 2;
    }, n -> n + " files");
    Files.delete(nested.resolve("b.data"));
    Files.delete(dir.resolve("a.parquet"));
    meter.measure("nothing written", () -> 0, n -> "");

    // 3,000 + 2,000 bytes on disk when the first stage ended; nothing during the second.
    assertEquals(5000, meter.measures().get(0).peakDiskBytes());
    assertEquals(0, meter.measures().get(1).peakDiskBytes());
    String table = meter.table("stage");
    assertTrue(table.contains("| peak scratch disk (GiB) |"), table);
    assertTrue(table.contains("| 2 files |"), table);
  }
}
