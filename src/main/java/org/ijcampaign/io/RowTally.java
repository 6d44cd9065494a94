package org.ijcampaign.io;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Totals a writer adds up over the rows it writes, as Spark's {@code observe} would, but in
 * plain Java: for totals that SQL spells as dozens of conditional sums, each carried by every
 * row into Spark's observation, this costs a fraction of the time. The columns it reads are
 * not written.
 */
public interface RowTally extends Serializable {
  /** The columns the tally reads; the writer leaves them out of its files. */
  List<String> columns();

  /** The totals' names, in the order of the totals. */
  List<String> names();

  /** The number of totals. */
  default int size() {
    return names().size();
  }

  /** {@code totals} (as the writer returns them) by name, in order. */
  default Map<String, Object> values(long[] totals) {
    List<String> names = names();
    if (totals.length != names.size()) {
      throw new IllegalArgumentException(totals.length + " totals for " + names.size()
          + " names");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), totals[i]);
    }
    return out;
  }

  /**
   * Adds {@code row} (Spark's own row, read by index and type) to {@code totals}; {@code at}
   * holds the index in the row of each of {@link #columns}, in their order.
   */
  void add(long[] totals, InternalRow row, int[] at);
}
