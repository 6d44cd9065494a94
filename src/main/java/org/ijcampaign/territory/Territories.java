package org.ijcampaign.territory;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.ijcampaign.io.Joins;
import org.ijcampaign.schema.Apl;
import org.ijcampaign.schema.IrisClusters;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Territory;

/**
 * Places each profiled GP of a period in his comparable territory {@code region|cluster|class}
 * (docs/method.md, "Territories"), widening cells with fewer than {@code minSize} profiled GPs to
 * {@code region|cluster|*}, then {@code region|*|*}, and gives each final territory its GP count,
 * mean and sample standard deviation of the rate. A region smaller than {@code minSize} stays at
 * {@code region|*|*}: GPs are never compared across regions.
 */
public final class Territories {
  private static final String ANY = "*";

  private Territories() {}

  /**
   * The APL of each commune for each period: the latest year not after the period's final year,
   * else the earliest year.
   */
  public static Dataset<Row> aplOfPeriod(Dataset<Row> apl, Dataset<Row> periods) {
    Column finalYear = year(col(Profile.PERIOD_END));
    Dataset<Row> chosen = apl.crossJoin(periods.select(col(Profile.PERIOD),
            finalYear.as("_final_year")))
        .groupBy(col(Apl.COMMUNE_CODE), col(Profile.PERIOD))
        .agg(max(when(col(Apl.YEAR).leq(col("_final_year")), col(Apl.YEAR))).as("_latest"),
            min(col(Apl.YEAR)).as("_earliest"))
        .withColumn(Territory.APL_YEAR, coalesce(col("_latest"), col("_earliest")));
    return chosen.join(apl.select(col(Apl.COMMUNE_CODE), col(Apl.YEAR).as(Territory.APL_YEAR),
            col(Apl.APL).as(Territory.APL)),
        Joins.on(Apl.COMMUNE_CODE, Territory.APL_YEAR))
        .select(Apl.COMMUNE_CODE, Profile.PERIOD, Territory.APL_YEAR, Territory.APL);
  }

  /** 0 without APL, else 1 + the number of thresholds the APL reaches. */
  public static Column supplyClass(Column apl, List<Double> thresholds) {
    Column c = lit(1);
    for (double t : thresholds) {
      c = c.plus(when(apl.geq(t), 1).otherwise(0));
    }
    return when(apl.isNull(), 0).otherwise(c);
  }

  /**
   * @param profile rows of {@code gp_period_profile}; only profiled GPs are placed
   * @param clusters {@code iris_code, cluster}
   * @param aplOfPeriod from {@link #aplOfPeriod}
   */
  public static Dataset<Row> assign(Dataset<Row> profile, Dataset<Row> clusters,
      Dataset<Row> aplOfPeriod, List<Double> thresholds, int minSize) {
    Dataset<Row> gps = profile.where(col(Profile.PROFILED))
        .select(col(Profile.PERIOD), col(Profile.PHYSICIAN_ID), col(Profile.REGION_CODE),
            col(Profile.PRACTICE_IRIS), col(Profile.RATE),
            substring(col(Profile.PRACTICE_IRIS), 1, 5).as(Territory.COMMUNE_CODE));
    Dataset<Row> placed = gps
        .join(clusters.select(col(IrisClusters.IRIS_CODE).as(Profile.PRACTICE_IRIS),
            col(IrisClusters.CLUSTER).as(Territory.CLUSTER)), Joins.on(
                Profile.PRACTICE_IRIS), "left")
        .join(aplOfPeriod, Joins.on(Territory.COMMUNE_CODE, Profile.PERIOD),
            "left")
        .withColumn(Territory.CLUSTER, coalesce(col(Territory.CLUSTER), lit(0)))
        .withColumn(Territory.SUPPLY_CLASS, supplyClass(col(Territory.APL), thresholds));

    Column region = col(Profile.REGION_CODE);
    Column cluster = col(Territory.CLUSTER).cast(DataTypes.StringType);
    Column supply = col(Territory.SUPPLY_CLASS).cast(DataTypes.StringType);
    Column cellSize = count(lit(1)).over(Window.partitionBy(col(Profile.PERIOD), region,
        col(Territory.CLUSTER), col(Territory.SUPPLY_CLASS)));
    Column clusterSize = count(lit(1)).over(Window.partitionBy(col(Profile.PERIOD), region,
        col(Territory.CLUSTER)));
    Dataset<Row> widened = placed
        .withColumn(Territory.CELL_SIZE, cellSize)
        .withColumn("_cluster_size", clusterSize)
        .withColumn(Territory.TERRITORY_LEVEL,
            when(col(Territory.CELL_SIZE).geq(minSize), 0)
                .when(col("_cluster_size").geq(minSize), 1).otherwise(2))
        .withColumn(Territory.TERRITORY,
            when(col(Territory.TERRITORY_LEVEL).equalTo(0), concat_ws("|", region, cluster, supply))
                .when(col(Territory.TERRITORY_LEVEL).equalTo(1),
                    concat_ws("|", region, cluster, lit(ANY)))
                .otherwise(concat_ws("|", region, lit(ANY), lit(ANY))))
        .drop("_cluster_size");
    Column byTerritory = col(Profile.PERIOD);
    return widened
        .withColumn(Territory.TERRITORY_SIZE, count(lit(1)).over(
            Window.partitionBy(byTerritory, col(Territory.TERRITORY))))
        .withColumn(Territory.TERRITORY_MEAN_RATE, avg(col(Profile.RATE)).over(
            Window.partitionBy(byTerritory, col(Territory.TERRITORY))))
        .withColumn(Territory.TERRITORY_SD_RATE, stddev_samp(col(Profile.RATE)).over(
            Window.partitionBy(byTerritory, col(Territory.TERRITORY))))
        .select(Profile.PERIOD, Profile.PHYSICIAN_ID, Profile.REGION_CODE, Profile.PRACTICE_IRIS,
            Territory.COMMUNE_CODE, Territory.CLUSTER, Territory.APL, Territory.APL_YEAR,
            Territory.SUPPLY_CLASS, Territory.CELL_SIZE, Territory.TERRITORY,
            Territory.TERRITORY_LEVEL, Territory.TERRITORY_SIZE, Territory.TERRITORY_MEAN_RATE,
            Territory.TERRITORY_SD_RATE);
  }
}
