package org.ijcampaign.io;

import java.util.Arrays;
import org.apache.spark.util.AccumulatorV2;

/** Element-wise sums of long arrays of one length, added up across tasks. */
final class LongArraySum extends AccumulatorV2<long[], long[]> {
  private static final long serialVersionUID = 1L;
  private final long[] sums;

  LongArraySum(int size) {
    sums = new long[size];
  }

  @Override
  public boolean isZero() {
    return Arrays.stream(sums).allMatch(v -> v == 0);
  }

  @Override
  public LongArraySum copy() {
    LongArraySum c = new LongArraySum(sums.length);
    System.arraycopy(sums, 0, c.sums, 0, sums.length);
    return c;
  }

  @Override
  public void reset() {
    Arrays.fill(sums, 0);
  }

  @Override
  public void add(long[] values) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += values[i];
    }
  }

  @Override
  public void merge(AccumulatorV2<long[], long[]> other) {
    add(other.value());
  }

  @Override
  public long[] value() {
    return sums;
  }
}
