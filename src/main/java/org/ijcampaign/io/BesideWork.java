package org.ijcampaign.io;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;

/**
 * Spark work run on a thread of its own beside the caller's, so that the two threads' jobs
 * share the cores (Spark gives them to the job submitted first, and the other's tasks take what
 * it leaves idle). Its jobs carry a tag of their own: abandoning it cancels them and no other
 * job of the session.
 */
public final class BesideWork<T> {
  private final SparkSession spark;
  private final String tag;
  private final FutureTask<T> task;

  private BesideWork(SparkSession spark, String tag, FutureTask<T> task) {
    this.spark = spark;
    this.tag = tag;
    this.task = task;
  }

  /** Starts {@code work} on a daemon thread named {@code name}. */
  public static <T> BesideWork<T> start(SparkSession spark, String name, Callable<T> work) {
    String tag = "ijcampaign-" + name + "-" + UUID.randomUUID();
    FutureTask<T> task = new FutureTask<>(() -> {
      SparkSession.setActiveSession(spark);
      spark.sparkContext().addJobTag(tag);
      return work.call();
    });
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return new BesideWork<>(spark, tag, task);
  }

  /** Waits for the work; its failure is rethrown as it was thrown. */
  public T result() {
    try {
      return task.get();
    } catch (InterruptedException e) {
      abandon();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + tag, e);
    } catch (ExecutionException e) {
      throw BesideWork.<RuntimeException>rethrow(e.getCause());
    }
  }

  /**
   * Cancels the work's Spark jobs and returns once it has ended, whatever it then throws: none
   * of its jobs runs after this returns. The jobs are cancelled again until it ends, since one
   * it had not submitted yet escapes a single cancellation.
   */
  public void abandon() {
    boolean interrupted = false;
    while (true) {
      spark.sparkContext().cancelJobsWithTag(tag);
      try {
        task.get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        // cancel again
      } catch (ExecutionException | CancellationException ended) {
        break;
      } catch (InterruptedException e) {
        interrupted = true; // still waits: its jobs must not outlive the caller's failure
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Throws {@code t} unchanged, checked or not: a Spark job's failure, met on another thread,
   * keeps the type the callers expect. Written {@code throw rethrow(t)} so that the compiler
   * sees the throw.
   */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
