package org.ijcampaign.cli;

/** Process exit codes of every job, documented in docs/jobs.md. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  /** An unexpected failure: Spark, storage, a bug. Retrying may help. */
  public static final int FAILURE = 1;
  /** Bad command line or configuration: fix the call or the file, do not retry. */
  public static final int BAD_CONFIGURATION = 2;
  /** The landing zone breaks the contract (missing file or column): fix the input. */
  public static final int BAD_INPUT = 3;
  /** Another run holds the warehouse lock. Retry later. */
  public static final int BUSY = 4;
}
