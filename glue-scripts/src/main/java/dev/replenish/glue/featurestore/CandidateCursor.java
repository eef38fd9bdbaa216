package dev.replenish.glue.featurestore;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One partition's candidate rows, one at a time: user id, product id, the manifest's features, the
 * user's packed recent orders and, when the inference rows have them, the user's packed mission
 * profile (both on one row of the user's, null on the others).
 * The load reads each row's values straight into its arrays, from Spark's rows (when they had to be
 * regrouped) or from Parquet's column batches (when they lie as the join wrote them). At full scale
 * the row conversion was more than a third of the load's CPU: 14 M rows of 54 floats copied into
 * Spark's row format and read back.
 */
abstract class CandidateCursor {

    /** Moves to the next row; false when the partition is done. */
    abstract boolean advance();

    abstract long userId();

    abstract long productId();

    /** Whether feature {@code feature} (in manifest order) is missing in this row. */
    abstract boolean isMissing(int feature);

    /** Copies the row's features, in manifest order and NaN where missing, to {@code into[offset...]}. */
    abstract void copyFeatures(float[] into, int offset);

    /** The user's recent orders as {@code OrderHistory.pack()} wrote them, if this row carries them; else null. */
    abstract byte[] recentOrders();

    /** The user's missions as {@code MissionProfile.pack()} wrote them, if this row carries them; else null. */
    abstract byte[] topMissions();

    /**
     * Rows of user id, product id, the features as floats, the packed recent orders, then, if
     * {@code withMissions}, the packed mission profile.
     */
    static CandidateCursor overRows(Iterator<InternalRow> rows, int featureCount, boolean withMissions) {
        return new CandidateCursor() {
            private InternalRow row;

            @Override
            boolean advance() {
                row = rows.hasNext() ? rows.next() : null;
                return row != null;
            }

            @Override
            long userId() {
                return row.getLong(0);
            }

            @Override
            long productId() {
                return row.getLong(1);
            }

            @Override
            boolean isMissing(int feature) {
                return row.isNullAt(2 + feature);
            }

            @Override
            void copyFeatures(float[] into, int offset) {
                for (int f = 0; f < featureCount; f++) {
                    into[offset + f] = row.isNullAt(2 + f) ? Float.NaN : row.getFloat(2 + f);
                }
            }

            @Override
            byte[] recentOrders() {
                return row.isNullAt(2 + featureCount) ? null : row.getBinary(2 + featureCount);
            }

            @Override
            byte[] topMissions() {
                return !withMissions || row.isNullAt(3 + featureCount) ? null : row.getBinary(3 + featureCount);
            }
        };
    }

    /** A Parquet scan's column batches, whose columns are named {@code columns}. */
    record ColumnarScan(JavaRDD<ColumnarBatch> batches, List<String> columns) {
    }

    /**
     * The column batches of a plain Parquet scan of {@code columns} (user id, product id, features,
     * then {@code packedColumns} packed values: the recent orders, and the mission profile if the
     * rows have one), if Spark reads it as batches, every feature is a number and the packed values
     * are binary; otherwise empty, and the caller reads rows.
     */
    static Optional<ColumnarScan> columnarScan(Dataset<Row> columns, int packedColumns) {
        SparkPlan plan = columns.queryExecution().executedPlan();
        // A scan that needs no projection is planned as rows made from the scan's batches.
        while (plan instanceof WholeStageCodegenExec || plan instanceof ColumnarToRowExec || plan instanceof InputAdapter) {
            plan = plan.children().head();
        }
        if (!(plan instanceof FileSourceScanExec scan) || !scan.supportsColumnar()) {
            return Optional.empty();
        }
        List<String> names = List.of(columns.columns());
        List<String> scanned = List.of(scan.schema().fieldNames());
        boolean numeric = true;
        for (int i = 0; i < names.size(); i++) {
            int at = scanned.indexOf(names.get(i));
            DataType type = at < 0 ? null : scan.schema().fields()[at].dataType();
            // The two ids first, then the features, then the packed values.
            numeric &= type != null && (i < 2 ? type.equals(DataTypes.LongType)
                    : i >= names.size() - packedColumns ? type.equals(DataTypes.BinaryType) : readable(type));
        }
        return numeric ? Optional.of(new ColumnarScan(scan.executeColumnar().toJavaRDD(), scanned)) : Optional.empty();
    }

    private static boolean readable(DataType type) {
        return type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType) || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.LongType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType);
    }

    /**
     * Batches from {@link #columnarScan}, whose columns are named {@code batchColumns}: {@code wanted}
     * lists user id, product id, the features in manifest order, the recent orders and, if
     * {@code withMissions}, the mission profile.
     */
    static CandidateCursor overBatches(Iterator<ColumnarBatch> batches, List<String> batchColumns, List<String> wanted,
                                       boolean withMissions) {
        int[] at = wanted.stream().mapToInt(batchColumns::indexOf).toArray();
        int packed = withMissions ? 2 : 1;
        int featureCount = at.length - 2 - packed;
        return new CandidateCursor() {
            private ColumnarBatch batch;
            private int row = -1;
            private ColumnVector users;
            private ColumnVector products;
            private ColumnVector recentOrders;
            private ColumnVector topMissions;
            private final ColumnVector[] features = new ColumnVector[featureCount];
            private final DataType[] types = new DataType[featureCount];
            private float[] decoded = new float[0];

            @Override
            boolean advance() {
                row++;
                while (batch == null || row >= batch.numRows()) {
                    if (!batches.hasNext()) {
                        return false;
                    }
                    batch = batches.next();
                    row = 0;
                    users = batch.column(at[0]);
                    products = batch.column(at[1]);
                    recentOrders = batch.column(at[2 + featureCount]);
                    topMissions = withMissions ? batch.column(at[3 + featureCount]) : null;
                    for (int f = 0; f < features.length; f++) {
                        features[f] = batch.column(at[2 + f]);
                        types[f] = features[f].dataType();
                    }
                    decodeFeatures(batch.numRows());
                }
                return true;
            }

            /**
             * The batch's features as rows of floats, decoded a column at a time: a column's
             * Parquet dictionary then stays in the cache for the whole batch, where reading row by
             * row went through every column's dictionary in turn (a third of the load's CPU on
             * its executors, at full scale).
             */
            private void decodeFeatures(int rows) {
                if (decoded.length < rows * featureCount) {
                    decoded = new float[rows * featureCount];
                }
                for (int f = 0; f < featureCount; f++) {
                    ColumnVector column = features[f];
                    if (types[f] == DataTypes.FloatType) {
                        float[] values = column.getFloats(0, rows);
                        for (int r = 0; r < rows; r++) {
                            decoded[r * featureCount + f] = values[r];
                        }
                    } else {
                        for (int r = 0; r < rows; r++) {
                            decoded[r * featureCount + f] = value(column, types[f], r);
                        }
                    }
                    if (column.hasNull()) {
                        for (int r = 0; r < rows; r++) {
                            if (column.isNullAt(r)) {
                                decoded[r * featureCount + f] = Float.NaN;
                            }
                        }
                    }
                }
            }

            @Override
            long userId() {
                return users.getLong(row);
            }

            @Override
            long productId() {
                return products.getLong(row);
            }

            @Override
            boolean isMissing(int feature) {
                return features[feature].isNullAt(row);
            }

            @Override
            void copyFeatures(float[] into, int offset) {
                System.arraycopy(decoded, row * featureCount, into, offset, featureCount);
            }

            @Override
            byte[] recentOrders() {
                return recentOrders.isNullAt(row) ? null : recentOrders.getBinary(row);
            }

            @Override
            byte[] topMissions() {
                return topMissions == null || topMissions.isNullAt(row) ? null : topMissions.getBinary(row);
            }

            private float value(ColumnVector column, DataType type, int row) {
                if (type == DataTypes.FloatType) {
                    return column.getFloat(row);
                } else if (type == DataTypes.DoubleType) {
                    return (float) column.getDouble(row);
                } else if (type == DataTypes.IntegerType) {
                    return column.getInt(row);
                } else if (type == DataTypes.LongType) {
                    return column.getLong(row);
                } else if (type == DataTypes.ShortType) {
                    return column.getShort(row);
                }
                return column.getByte(row);
            }
        };
    }
}
