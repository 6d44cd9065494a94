package org.ijcampaign.cli;

import java.io.File;
import picocli.CommandLine.Option;

/** Options every job takes. */
public final class CommonOptions {
  @Option(names = {"-e", "--env"}, paramLabel = "FILE",
      description = "Environment configuration (default: conf/local.conf when present, "
          + "else the bundled defaults).")
  File env;

  @Option(names = "--warehouse", paramLabel = "DIR",
      description = "Root of the Delta tables; overrides the configuration's warehouse.")
  String warehouse;

  /** Applied by {@link Verbosity} before the job runs (and before Spark starts). */
  @Option(names = Verbosity.OPTION,
      description = "More detail: the jobs' DEBUG lines on stdout, and Spark's and the other "
          + "libraries' INFO lines on stderr.")
  boolean verbose;

  public File envFile() {
    if (env != null) {
      return env;
    }
    File local = new File("conf/local.conf");
    return local.isFile() ? local : null;
  }
}
