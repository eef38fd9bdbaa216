# Glue 5.0 entry script for the load-features step. Glue starts Python or Scala scripts; the job
# itself is the Java class dev.replenish.glue.featurestore.FeatureStoreLoadJob, shipped in the job's
# --extra-jars (with its AWS SDK v2 relocated, so it cannot clash with Glue's own), so that Glue runs
# exactly the code the local pipeline runs against DynamoDB Local. This script only hands it the
# Spark session and the job arguments; the batch-write settings and the trim feature are core's
# ReplenishConfig defaults, which infra passes as default arguments.
import sys

from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import SparkSession

args = getResolvedOptions(sys.argv, [
    "JOB_NAME", "lake_root", "run_id", "feature_table", "product_table", "feature_store_region",
    "trim_by_feature", "calls_in_flight", "max_attempts", "base_backoff_millis", "max_backoff_millis"])
spark = SparkSession.builder.getOrCreate()
jvm = SparkContext.getOrCreate()._jvm
store = jvm.dev.replenish.featurestore
# endpoint None: the region's DynamoDB endpoint (DynamoDB Local is for the local runtime only).
target = store.DynamoTarget(args["feature_table"], args["product_table"], args["feature_store_region"], None)
settings = store.BatchWriteSettings(
    int(args["calls_in_flight"]), int(args["max_attempts"]),
    int(args["base_backoff_millis"]), int(args["max_backoff_millis"]))
summary = jvm.dev.replenish.glue.featurestore.FeatureStoreLoadJob.run(
    spark._jsparkSession, args["lake_root"], args["run_id"], target, settings, args["trim_by_feature"])
print(summary.toString())
