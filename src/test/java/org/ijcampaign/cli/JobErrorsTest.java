package org.ijcampaign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ijcampaign.io.IngestMarker;
import org.ijcampaign.io.WarehouseLock;
import org.ijcampaign.operations.ReadOnlySql;
import org.junit.jupiter.api.Test;

/** The exit code a scheduler sees for each kind of failure. */
class JobErrorsTest {
  private static int code(Exception e) {
    return new JobErrors().handleExecutionException(e, null, null);
  }

  @Test
  void aRefusedOrBrokenQueryIsABadCommandLineNotARetry() {
    assertEquals(ExitCodes.BAD_CONFIGURATION,
        code(new RuntimeException(new ReadOnlySql.Refused("only queries"))));
  }

  @Test
  void aHalfIngestedWarehouseIsFixedByReIngestingNotByRetrying() {
    assertEquals(ExitCodes.BAD_INPUT,
        code(new IngestMarker.Incomplete("the last ingest did not complete")));
  }

  @Test
  void aWarehouseThatCannotBeWrittenIsNotBusy() {
    assertEquals(ExitCodes.BAD_CONFIGURATION,
        code(new WarehouseLock.NotWritable("read-only", null)));
  }
}
