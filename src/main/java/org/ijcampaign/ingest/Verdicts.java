package org.ijcampaign.ingest;

import static org.apache.spark.sql.functions.broadcast;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The set and reference checks first find, on a few narrow columns, the few keys or ids that
 * fail (a verdict set), then mark the rows by joining that set back. A verdict set is computed
 * once and kept ({@code localCheckpoint}); when it is small, as it is on any real landing zone,
 * the rows are marked through a broadcast join and never shuffled with their raw text. A
 * hostile zone (every claim a duplicate, say) falls back to an ordinary join: slower, still
 * correct.
 */
final class Verdicts {
  /**
   * Largest verdict set broadcast to every task: a key and a flag or two a row, about 50 MB at
   * a million rows.
   */
  static final long BROADCAST_ROWS = 1_000_000;

  private Verdicts() {}

  /**
   * The set materialised, with a broadcast hint when it is small. The count that decides the
   * hint is also what materialises the checkpoint: one Spark job over the computed set, where
   * an eager checkpoint and a Dataset count ran four with adaptive execution.
   */
  static Dataset<Row> keep(Dataset<Row> verdicts) {
    Dataset<Row> kept = verdicts.localCheckpoint(false);
    long rows = kept.queryExecution().toRdd().count();
    return rows <= BROADCAST_ROWS ? broadcast(kept) : kept;
  }
}
