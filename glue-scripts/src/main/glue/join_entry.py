"""Glue entry point of the join step.

Glue starts Python or Scala scripts, not Java mains, so this script only hands the job arguments to
the Java Spark job (dev.replenish.glue.join.JoinJob, shipped in the job's --extra-jars) through the
JVM gateway. All logic lives in the Java class, which also runs in Spark local mode on one machine.
"""
import sys

from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["lake_root", "run_id"])
spark_context = SparkContext.getOrCreate()
jvm = spark_context._jvm

java_args = spark_context._gateway.new_array(jvm.java.lang.String, 2)
java_args[0] = args["lake_root"]
java_args[1] = args["run_id"]
jvm.dev.replenish.glue.join.JoinJob.main(java_args)
