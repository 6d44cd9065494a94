package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Work on a thread beside the caller's: its result, its failure, and abandoning it. */
class BesideWorkTest extends SparkTestBase {

  @Test
  void givesTheWorksResultOnceItHasRun() {
    BesideWork<Long> work = BesideWork.start(spark(), "test-count",
        () -> spark().range(0, 10).count());
    assertEquals(10L, work.result());
  }

  /** The work's own exception, not a wrapper: the callers catch the types the work throws. */
  @Test
  void rethrowsTheWorksFailureAsItWasThrown() {
    BesideWork<Long> work = BesideWork.start(spark(), "test-failure", () -> {
      throw new IllegalArgumentException("no such file");
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, work::result);
    assertEquals("no such file", e.getMessage());
  }

  /**
   * The work waits a second before it submits its job (so that the first cancellation finds
   * none), then counts 400 rows at 50 ms a row on two cores (about ten seconds). Abandoned at
   * once, it must have ended when {@code abandon} returns, its job cancelled, not finished,
   * and no job of the session left running.
   */
  @Test
  void abandonedWorkHasItsJobsCancelledEvenOnesSubmittedAfterTheFirstCancellation() {
    AtomicBoolean counted = new AtomicBoolean();
    MapFunction<Long, Long> slow = x -> {
      Thread.sleep(50);
      return x;
    };
    BesideWork<Long> work = BesideWork.start(spark(), "test-abandon", () -> {
      Thread.sleep(1000);
      long n = spark().range(0, 400, 1, 2).map(slow, Encoders.LONG()).count();
      counted.set(true);
      return n;
    });
    work.abandon();
    assertFalse(counted.get());
    assertArrayEquals(new int[0], spark().sparkContext().statusTracker().getActiveJobIds());
    assertThrows(org.apache.spark.SparkException.class, work::result);
  }
}
