#!/usr/bin/env bash
# Gateway benchmark with wrk (closed loop, keep-alive): a direct subgraph call next to the same query through our
# gateway, and a three-subgraph query through our gateway next to Apollo Gateway 2.x, all over the stub subgraphs of
# the gateway tests, on loopback, in one run. Also counts the subgraph requests each operation causes and the CPU
# seconds each process used.
#   bench/gateway/run.sh [duration=10s] [warmup=5s]
# Environment: SKIP_BUILD=1 reuses gateway/target; MVN overrides the Maven command (e.g. with a lock);
# GATEWAY_JAR runs another build of the gateway (e.g. an older commit's) against the same stubs and Apollo;
# GATEWAY_JAVA_OPTS adds JVM options to the gateway (e.g. -XX:StartFlightRecording=filename=gw.jfr,settings=profile).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
DURATION="${1:-10s}"; WARMUP="${2:-5s}"
MVN="${MVN:-./mvnw}"
GATEWAY_JAR="${GATEWAY_JAR:-gateway/target/quarkus-app/quarkus-run.jar}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

ORACLE=gateway/src/test/oracle
if command -v npm >/dev/null && [ ! -d "$ORACLE/node_modules" ]; then
  (cd "$ORACLE" && npm ci --no-audit --no-fund --silent) || echo "(Apollo Gateway not installed: its rows are skipped)"
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  $MVN -B -q -pl gateway package -DskipTests
  $MVN -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi

ENV_FILE="$(mktemp -u /tmp/gateway-bench.XXXXXX.env)"
CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
  io.aspaire.gateway.bench.BenchServer "$GATEWAY_JAR" "$ORACLE" "$ENV_FILE" \
  > /tmp/gateway-bench-servers.log 2>&1 &
SERVERS=$!
trap 'kill $SERVERS 2>/dev/null; wait $SERVERS 2>/dev/null; rm -f "$ENV_FILE"' EXIT
for _ in $(seq 1 120); do
  [ -f "$ENV_FILE" ] && break
  kill -0 $SERVERS 2>/dev/null || { cat /tmp/gateway-bench-servers.log; exit 1; }
  sleep 1
done
[ -f "$ENV_FILE" ] || { echo "servers did not start"; cat /tmp/gateway-bench-servers.log; exit 1; }
# shellcheck disable=SC1090
source "$ENV_FILE"

SINGLE='{"query":"{ users { id name email } }"}'
# pipeline -> jobs -> ai, as pipelineJobs { items { stage job { title company aiSummary { summary } } } } in the suite
THREE='{"query":"{ applications { status job { title company { name } summary } } }"}'
CROSS='{"query":"{ users { name jobs { title applications { status applicant { name } } } } }"}'

cpu() { # CPU seconds (user + system) of a process so far
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
stub_requests() {
  local total=0
  for url in "$STUB_USERS_URL" "$STUB_JOBS_URL" "$STUB_PIPELINE_URL" "$STUB_AI_URL"; do
    total=$((total + $(curl -s "${url%/graphql}/_count")))
  done
  echo $total
}

declare -A RATE P50 P99
printf '\n%-46s %5s %9s %8s %8s %8s %9s %7s %7s %7s %8s\n' scenario conns "req/s" "p50 ms" "p99 ms" "max ms" \
  "subreq/op" "gw cpu" "stubs" "apollo" "cpu ms/op"
measure() { # name url body connections
  local name="$1" url="$2" body="$3" conns="$4"
  local answer; answer="$(curl -s -H 'Content-Type: application/json' -d "$body" "$url")"
  if [[ "$answer" == *'"errors"'* || "$answer" != *'"data"'* ]]; then
    echo "$name: unexpected answer: $answer" >&2; exit 1
  fi
  BODY="$body" wrk -t1 -c"$conns" -d"$WARMUP" -s bench/gateway/post.lua "$url" > /dev/null
  local before_requests gw0 st0 ap0=0
  before_requests=$(stub_requests); gw0=$(cpu "$GATEWAY_PID"); st0=$(cpu "$STUBS_PID")
  [ -n "${APOLLO_PID:-}" ] && ap0=$(cpu "$APOLLO_PID")
  local line; line="$(BODY="$body" wrk -t1 -c"$conns" -d"$DURATION" --latency -s bench/gateway/post.lua "$url" | grep '^RESULT')"
  local after_requests; after_requests=$(stub_requests)
  read -r _ requests rate p50 p99 max non2xx socket <<< "$line"
  local gw st ap="-"
  gw=$(awk -v a="$gw0" -v b="$(cpu "$GATEWAY_PID")" 'BEGIN { printf "%.2f", b - a }')
  st=$(awk -v a="$st0" -v b="$(cpu "$STUBS_PID")" 'BEGIN { printf "%.2f", b - a }')
  [ -n "${APOLLO_PID:-}" ] && ap=$(awk -v a="$ap0" -v b="$(cpu "$APOLLO_PID")" 'BEGIN { printf "%.2f", b - a }')
  local per_op; per_op=$(awk -v r="$requests" -v s="$((after_requests - before_requests))" 'BEGIN { printf "%.2f", s / r }')
  # CPU milliseconds per operation of the gateway that answered (ours, or Apollo for its row; stubs for direct)
  local own="$gw"; [[ "$url" == "${APOLLO_URL:-none}" ]] && own="$ap"; [[ "$url" == "$STUB_USERS_URL" ]] && own="$st"
  local cpu_op; cpu_op=$(awk -v c="$own" -v r="$requests" 'BEGIN { printf "%.3f", c * 1000 / r }')
  printf '%-46s %5s %9s %8s %8s %8s %9s %7s %7s %7s %8s\n' "$name" "$conns" "$rate" "$p50" "$p99" "$max" "$per_op" \
    "$gw" "$st" "$ap" "$cpu_op"
  if [ "$non2xx" != 0 ] || [ "$socket" != 0 ]; then echo "  ($non2xx non-2xx answers, $socket socket errors)"; fi
  RATE[$name/$conns]=$rate; P50[$name/$conns]=$p50; P99[$name/$conns]=$p99
}

# JIT warm-up of every server on every query before anything is measured
for body in "$SINGLE" "$THREE" "$CROSS"; do
  BODY="$body" wrk -t1 -c8 -d"$WARMUP" -s bench/gateway/post.lua "$GATEWAY_URL" > /dev/null
  if [ -n "${APOLLO_URL:-}" ]; then
    BODY="$body" wrk -t1 -c8 -d"$WARMUP" -s bench/gateway/post.lua "$APOLLO_URL" > /dev/null
  fi
done
BODY="$SINGLE" wrk -t1 -c8 -d"$WARMUP" -s bench/gateway/post.lua "$STUB_USERS_URL" > /dev/null

measure "direct: users stub, single-subgraph query" "$STUB_USERS_URL" "$SINGLE" 1
measure "gateway: same single-subgraph query" "$GATEWAY_URL" "$SINGLE" 1
measure "direct: users stub, single-subgraph query" "$STUB_USERS_URL" "$SINGLE" 8
measure "gateway: same single-subgraph query" "$GATEWAY_URL" "$SINGLE" 8
measure "gateway: three subgraphs (pipeline>jobs>ai)" "$GATEWAY_URL" "$THREE" 8
if [ -n "${APOLLO_URL:-}" ]; then
  measure "apollo: three subgraphs (pipeline>jobs>ai)" "$APOLLO_URL" "$THREE" 8
fi
measure "gateway: four levels (users>jobs>pipeline>users)" "$GATEWAY_URL" "$CROSS" 8

echo
awk -v d="${RATE[direct: users stub, single-subgraph query/8]}" -v g="${RATE[gateway: same single-subgraph query/8]}" \
  'BEGIN { printf "gateway / direct throughput, single subgraph, 8 connections: %.2fx (goal >= 0.8x)\n", g / d }'
awk -v d="${P50[direct: users stub, single-subgraph query/1]}" -v g="${P50[gateway: same single-subgraph query/1]}" \
  'BEGIN { printf "gateway p50 added, single subgraph, 1 connection: %.2f ms (goal <= 1 ms)\n", g - d }'
if [ -n "${APOLLO_URL:-}" ]; then
  awk -v a="${RATE[apollo: three subgraphs (pipeline>jobs>ai)/8]}" -v g="${RATE[gateway: three subgraphs (pipeline>jobs>ai)/8]}" \
    -v p="${P99[gateway: three subgraphs (pipeline>jobs>ai)/8]}" \
    'BEGIN { printf "ours / Apollo Gateway throughput, three subgraphs, 8 connections: %.2fx (goal >= 2x), our p99 %.1f ms (goal <= 50 ms)\n", g / a, p }'
fi
