package org.ijcampaign.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * The model's version digests its design rows: the same data gives the same version whatever
 * order a run added its sums in, and other data another version.
 */
class ModelVersionTest extends SparkTestBase {
  private static final StructType DESIGN = new StructType()
      .add("physician_id", DataTypes.StringType).add("ij_days", DataTypes.DoubleType)
      .add("territory", DataTypes.StringType);

  private Dataset<Row> design(double days) {
    return spark().createDataFrame(List.of(RowFactory.create("10000000001", days, "11|A|1"),
        RowFactory.create("10000000002", 12.0, "11|A|1")), DESIGN);
  }

  @Test
  void sumsAddedInAnotherOrderKeepTheVersionAndOtherDataChangeIt() {
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in their last bit.
    double oneOrder = 0.1 + 0.2 + 0.3;
    double another = 0.3 + 0.2 + 0.1;
    assertNotEquals(oneOrder, another);
    String a = ModelJob.fingerprint(design(oneOrder));
    assertEquals(a, ModelJob.fingerprint(design(another)));
    assertEquals(a, ModelJob.fingerprint(design(another).orderBy("ij_days")));
    assertNotEquals(a, ModelJob.fingerprint(design(0.6001)));
    assertNotEquals(a, ModelJob.fingerprint(design(oneOrder).limit(1)));
  }
}
