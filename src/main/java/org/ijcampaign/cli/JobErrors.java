package org.ijcampaign.cli;

import org.ijcampaign.config.ConfigError;
import org.ijcampaign.io.InputError;
import org.ijcampaign.io.WarehouseLock;
import org.ijcampaign.operations.ReadOnlySql;
import picocli.CommandLine;

/**
 * Turns a job's exception into a one-line message and the documented exit code. The message goes
 * straight to stderr, not through the logger: it and the exit code are the CLI's contract with
 * schedulers and scripts, and must appear whatever the log configuration (a Spark distribution's
 * own log4j2 file, a root logger turned off).
 */
final class JobErrors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cl,
      CommandLine.ParseResult parsed) {
    Throwable root = e;
    while (root.getCause() != null && !(root instanceof ConfigError)
        && !(root instanceof InputError) && !(root instanceof ReadOnlySql.Refused)) {
      root = root.getCause();
    }
    if (root instanceof ConfigError) {
      System.err.println("configuration error: " + root.getMessage());
      return ExitCodes.BAD_CONFIGURATION;
    }
    if (root instanceof ReadOnlySql.Refused) {
      System.err.println("query refused: " + root.getMessage());
      return ExitCodes.BAD_CONFIGURATION;
    }
    if (root instanceof InputError) {
      System.err.println("input error: " + root.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    if (root instanceof WarehouseLock.NotWritable) {
      System.err.println("cannot write: " + root.getMessage());
      return ExitCodes.BAD_CONFIGURATION;
    }
    if (root instanceof WarehouseLock.Busy) {
      System.err.println("busy: " + root.getMessage());
      return ExitCodes.BUSY;
    }
    System.err.println("failure: " + e);
    e.printStackTrace(System.err);
    return ExitCodes.FAILURE;
  }
}
