package org.ijcampaign.schema;

/** Columns of the optional {@code iris_clusters.csv}: 1 = least fragile … k = most fragile. */
public final class IrisClusters {
  private IrisClusters() {}

  public static final String FILE = "iris_clusters.csv";
  public static final String IRIS_CODE = "iris_code";
  public static final String CLUSTER = "cluster";
}
