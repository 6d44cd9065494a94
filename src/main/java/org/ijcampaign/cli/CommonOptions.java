package org.ijcampaign.cli;

import java.io.File;
import picocli.CommandLine.Option;

/** Options every job takes. */
final class CommonOptions {
  @Option(names = {"-e", "--env"}, paramLabel = "FILE",
      description = "Environment configuration (default: conf/local.conf when present, "
          + "else the bundled defaults).")
  File env;

  @Option(names = "--warehouse", paramLabel = "DIR",
      description = "Root of the Delta tables; overrides the configuration's warehouse.")
  String warehouse;

  File envFile() {
    if (env != null) {
      return env;
    }
    File local = new File("conf/local.conf");
    return local.isFile() ? local : null;
  }
}
