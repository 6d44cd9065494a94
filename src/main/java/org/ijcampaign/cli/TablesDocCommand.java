package org.ijcampaign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ijcampaign.schema.TableSchemas;
import org.ijcampaign.schema.TablesDoc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Regenerates the column dictionary from the declared schemas; needs no Spark. */
@Command(name = "tables-doc", mixinStandardHelpOptions = true,
    description = "Write docs/tables.md (every table and column, typed, with its meaning) from "
        + "the declared schemas.")
final class TablesDocCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TablesDocCommand.class);

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "docs/tables.md",
      description = "The page to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Files.writeString(out, TablesDoc.markdown(TableSchemas.ALL), StandardCharsets.UTF_8);
    LOG.info("[tables-doc] {} tables written to {}", TableSchemas.ALL.size(), out);
    return 0;
  }
}
