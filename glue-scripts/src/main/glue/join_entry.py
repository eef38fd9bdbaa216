# Glue 5.0 entry script for the join step. Glue starts Python or Scala scripts; the job itself is
# the Java class dev.replenish.glue.join.JoinJob, shipped in the job's --extra-jars, so that Glue
# runs exactly the code the local pipeline runs in Spark local mode. This script only hands it
# the Spark session and the job arguments.
import sys

from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import SparkSession

args = getResolvedOptions(sys.argv, ["JOB_NAME", "lake_root", "run_id", "validation_fraction", "candidate_sources",
                                     "missions", "latent_factors"])
spark = SparkSession.builder.getOrCreate()
jvm = SparkContext.getOrCreate()._jvm
summary = jvm.dev.replenish.glue.join.JoinJob.run(
    spark._jsparkSession, args["lake_root"], args["run_id"], float(args["validation_fraction"]),
    args["candidate_sources"], args["missions"], args["latent_factors"])
print(summary.toString())
