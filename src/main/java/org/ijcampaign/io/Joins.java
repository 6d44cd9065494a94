package org.ijcampaign.io;

import java.util.Arrays;
import java.util.List;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Column lists for Spark's {@code Dataset.join(other, Seq<String>, type)} from Java. */
public final class Joins {
  private Joins() {}

  public static Seq<String> on(String... columns) {
    return on(Arrays.asList(columns));
  }

  public static Seq<String> on(List<String> columns) {
    return JavaConverters.asScalaBuffer(columns).toSeq();
  }
}
