#!/usr/bin/env bash
# Serving benchmark (issue 6): wrk on loopback against a running `replenish serve`.
#   docs/benchmarks/serving/run.sh URL RAW_DIR [DURATION] [CONNECTIONS]
# Modes (one wrk run each): probability, basket, similar, cart, orders; MODES="similar" runs only that one.
# URL is what serve printed (http://127.0.0.1:PORT/); RAW_DIR the generated files of the lake it
# serves, from which (user, product) pairs are sampled: every product a user bought in a prior order
# is one of their candidates in the feature store. Any non-2xx answer is reported by wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="${1:?usage: run.sh URL RAW_DIR [DURATION] [CONNECTIONS]}"
raw="${2:?usage: run.sh URL RAW_DIR [DURATION] [CONNECTIONS]}"
duration="${3:-30s}"
connections="${4:-16}"
command -v wrk >/dev/null || { echo "serving bench: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
case "$url" in http://127.0.0.1:*) ;; *) echo "serving bench: loopback URLs only, got $url" >&2; exit 1;; esac

pairs="$(mktemp)"
trap 'rm -f "$pairs"' EXIT
# 20,000 distinct (user, product) pairs in a fixed pseudo-random order.
awk -F, 'NR == FNR { if (FNR > 1) user[$1] = $2; next } FNR > 1 && ($1 in user) { print user[$1], $2 }' \
  "$raw/orders.csv" "$raw/order_products__prior.csv" \
  | sort -u | awk 'BEGIN { srand(42) } { print rand(), $0 }' | sort -k1,1 | cut -d' ' -f2- | awk 'NR <= 20000' > "$pairs"
echo "serving bench: $(wc -l < "$pairs") pairs from $raw; $duration, $connections connections, 2 wrk threads"

curl -fsS "${url}v1/health" > /dev/null || { echo "serving bench: ${url}v1/health does not answer" >&2; exit 1; }
for mode in ${MODES:-probability basket similar cart orders}; do
  # Warm-up: JIT, catalog cache, DynamoDB Local's page cache.
  PAIRS="$pairs" MODE="$mode" wrk -t2 -c"$connections" -d10s -s "$here/pairs.lua" "$url" > /dev/null
  echo "== $mode   (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  PAIRS="$pairs" MODE="$mode" wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/pairs.lua" "$url" &
  wrk_pid=$!
  sleep "$(( ${duration%s} / 2 ))"
  echo "   load average mid-run: $(cut -d' ' -f1-3 /proc/loadavg)"
  wait "$wrk_pid"
done
