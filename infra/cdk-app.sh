#!/usr/bin/env bash
# The CDK app command of cdk.json: runs the infra module's main class on its built classpath
# (faster than `mvn exec:java`). Build first, from the repository root: mvn -q package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classpath_file="$root/infra/target/classpath.txt"
if [ ! -f "$classpath_file" ] || [ ! -d "$root/infra/target/classes" ]; then
  echo "replenish infra: the CDK app is not built (missing $classpath_file)." >&2
  echo "Build it first, from the repository root: mvn -q package -DskipTests" >&2
  exit 2
fi
cd "$root"
exec java -cp "$root/infra/target/classes:$(cat "$classpath_file")" dev.replenish.infra.ReplenishApp
