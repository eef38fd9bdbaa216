#!/usr/bin/env bash
# cfn-lint over every CloudFormation template the CDK app synthesizes: exits non-zero on any
# error, warning or informational finding. Run from anywhere: infra/cfn-lint.sh
#
# cfn-lint is pinned and installed into .venv/ at the repository root on first use (PyPI).
# The templates are the ones the infra tests synthesize (mvn verify writes infra/target/cdk.out
# and infra/target/cdk.out-variant, with stand-ins for the other modules' jars); when they are
# missing or older than the sources, this script runs those tests first.
set -euo pipefail
CFN_LINT_VERSION=1.58.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
assemblies=("$root/infra/target/cdk.out" "$root/infra/target/cdk.out-variant")

if ! "$venv/bin/cfn-lint" --version 2>/dev/null | grep -qx "cfn-lint $CFN_LINT_VERSION"; then
  echo "cfn-lint.sh: installing cfn-lint $CFN_LINT_VERSION into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi

stale() {
  local assembly
  for assembly in "${assemblies[@]}"; do
    [ -f "$assembly/manifest.json" ] || return 0
    [ -z "$(find "$root/infra/src" "$root/infra/pom.xml" "$root/core/src/main" "$root/sql/src/main" "$root/cdk.json" \
        "$root/web" -newer "$assembly/manifest.json" -type f -print -quit)" ] || return 0
  done
  return 1
}
if stale; then
  echo "cfn-lint.sh: templates missing or stale; synthesizing through the infra tests" >&2
  (cd "$root" && mvn -q -pl infra -am verify -Dtest='dev.replenish.infra.**' -Dsurefire.failIfNoSpecifiedTests=false)
fi

templates=()
for assembly in "${assemblies[@]}"; do
  templates+=("$assembly"/*.template.json)
done
"$venv/bin/cfn-lint" --non-zero-exit-code informational -- "${templates[@]}"
echo "cfn-lint $CFN_LINT_VERSION: ${#templates[@]} templates, no errors, warnings or informational findings"
