#!/usr/bin/env bash
# Browser end-to-end test of the web page (issue 6): generates a tiny lake, runs the pipeline,
# starts `replenish serve` on a free loopback port and drives the page with headless Debian
# chromium through playwright-core (which never downloads a browser of its own). Screenshots go to
# web-tests/artifacts/. The server and the temporary lake are removed at the end, pass or fail.
#   USERS=500 SEED=7   size and seed of the generated data
#   KEEP_WORK=1        keep the temporary lake (its path is printed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
users="${USERS:-500}"
seed="${SEED:-7}"
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
start=$SECONDS

say() { echo "web-tests: $*"; }
fail() { echo "web-tests: FAILED: $*" >&2; exit 1; }

# --- what the machine needs -------------------------------------------------------------------
if [ ! -x "$chromium_path" ]; then
  [ "$(id -u)" = 0 ] || fail "$chromium_path is missing and installing it needs root: apt-get install -y chromium"
  say "installing Debian chromium (not found at $chromium_path)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  [ -x "$chromium_path" ] || fail "apt installed chromium but $chromium_path is still missing"
fi
command -v node >/dev/null || fail "node is missing (Node.js 20 is needed)"
say "browser: $("$chromium_path" --version 2>/dev/null || echo "$chromium_path")"

# A page that does not parse would fail every test by a 30 s timeout each: say so at once.
node --check "$root/web/app.js" || fail "web/app.js does not parse"

# playwright-core only, from the lock file; it must not fetch browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

# ./replenish rebuilds when Java sources change; the page is copied into the classpath by the same
# build, so rebuild too when the served copy differs from web/.
if [ -d "$root/local/target/classes/web" ] && ! diff -rq "$root/web" "$root/local/target/classes/web" >/dev/null; then
  say "web/ changed since the last build: rebuilding so the server serves this page"
  (cd "$root" && mvn -q -pl local -am package -DskipTests)
fi

# --- a tiny lake and the server -----------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/replenish-web-tests.XXXXXX")"
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$server_pid" 2>/dev/null && { say "server did not stop on TERM; killing it"; kill -KILL "$server_pid" 2>/dev/null || true; }
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  if [ "$status" -ne 0 ]; then say "FAILED after $((SECONDS - start)) s"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "generating $users users (seed $seed) and running the pipeline in $tmp"
"$root/replenish" generate --users "$users" --seed "$seed" --out "$tmp/raw" > "$tmp/generate.log" 2>&1 \
  || { tail -n 30 "$tmp/generate.log" >&2; fail "replenish generate (log above)"; }
"$root/replenish" pipeline --raw "$tmp/raw" --work "$tmp/work" > "$tmp/pipeline.log" 2>&1 \
  || { tail -n 40 "$tmp/pipeline.log" >&2; fail "replenish pipeline (log above)"; }
say "lake ready after $((SECONDS - start)) s"

"$root/replenish" serve --work "$tmp/work" --port 0 > "$tmp/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 120); do
  url="$(sed -n 's|^Open \(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$tmp/serve.log")"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; fail "replenish serve exited before printing its URL"; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$tmp/serve.log" >&2; fail "replenish serve printed no URL within 60 s"; }
say "server at $url"

# --- the browser test ---------------------------------------------------------------------------
mkdir -p "$here/artifacts"
if ! REPLENISH_URL="$url" REPLENISH_RAW="$tmp/raw" ARTIFACTS_DIR="$here/artifacts" CHROMIUM_PATH="$chromium_path" \
    node --test --test-reporter=tap "$here/e2e.mjs"; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$tmp/serve.log" >&2
  fail "browser end-to-end test (screenshots, if any, in $here/artifacts)"
fi
say "passed in $((SECONDS - start)) s; screenshots in $here/artifacts"
