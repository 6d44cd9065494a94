package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseLockTest {
  @TempDir Path dir;

  @Test
  void runsStartingAtTheSameInstantNeverBothHoldTheLock() throws Exception {
    int runs = 8;
    for (int trial = 0; trial < 30; trial++) {
      String wh = dir.resolve("wh" + trial).toString();
      CyclicBarrier start = new CyclicBarrier(runs);
      AtomicInteger holders = new AtomicInteger();
      AtomicInteger busy = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      List<WarehouseLock> held = new CopyOnWriteArrayList<>();
      for (int i = 0; i < runs; i++) {
        String run = "run" + i;
        Thread t = new Thread(() -> {
          try {
            start.await();
            held.add(WarehouseLock.acquire(wh, new Configuration(), run, "ingest"));
            holders.incrementAndGet();
          } catch (WarehouseLock.Busy e) {
            busy.incrementAndGet();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(1, holders.get(), "trial " + trial);
      assertEquals(runs - 1, busy.get(), "trial " + trial);
      held.forEach(WarehouseLock::close);
    }
  }

  @Test
  void aFolderLockIsWaitedForThenTaken() throws Exception {
    String folder = dir.resolve("exports").toString();
    WarehouseLock first = WarehouseLock.awaitFolder(folder, new Configuration(), "a", "export",
        Duration.ZERO);
    CountDownLatch taken = new CountDownLatch(1);
    List<WarehouseLock> second = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> {
      second.add(WarehouseLock.awaitFolder(folder, new Configuration(), "b", "export",
          Duration.ofMinutes(5)));
      taken.countDown();
    });
    t.start();
    // Still held by the first: the second must not have it, however long it has waited.
    assertEquals(false, taken.await(500, TimeUnit.MILLISECONDS));
    first.close();
    t.join();
    assertEquals(1, second.size());
    second.get(0).close();
    assertEquals(List.of(), Arrays.asList(dir.resolve("exports").toFile().list()));
  }

  @Test
  void aFolderStillHeldWhenTheWaitEndsIsBusyAndNamesTheFolder() {
    String folder = dir.resolve("exports").toString();
    try (WarehouseLock held = WarehouseLock.awaitFolder(folder, new Configuration(), "a",
        "export", Duration.ZERO)) {
      WarehouseLock.Busy busy = assertThrows(WarehouseLock.Busy.class,
          () -> WarehouseLock.awaitFolder(folder, new Configuration(), "b", "export",
              Duration.ofMillis(300)));
      assertEquals(true, busy.getMessage().startsWith("the folder " + folder + " is locked"),
          busy.getMessage());
    }
  }

  @Test
  void aReadOnlyWarehouseWithAStaleLockSaysItCannotWriteNotBusy() throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
        "root writes a read-only folder");
    Path wh = Files.createDirectories(dir.resolve("ro"));
    // One token: no host and PID to check, so the lock counts as stale.
    Files.writeString(wh.resolve(WarehouseLock.FILE), "stale");
    Files.setPosixFilePermissions(wh, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThrows(WarehouseLock.NotWritable.class,
          () -> WarehouseLock.acquire(wh.toString(), new Configuration(), "r", "profile"));
    } finally {
      Files.setPosixFilePermissions(wh, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /**
   * A warehouse nobody can write, root included: its path runs through a regular file (as a
   * read-only mount would refuse it), so the lock cannot be created.
   */
  @Test
  void aWarehouseThatCannotBeCreatedSaysItCannotWrite() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    String wh = file.resolve("warehouse").toString();
    assertThrows(WarehouseLock.NotWritable.class,
        () -> WarehouseLock.acquire(wh, new Configuration(), "r", "profile"));
  }
}
