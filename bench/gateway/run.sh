#!/usr/bin/env bash
# Gateway latency benchmark: p50/p99 of a direct subgraph call next to the gateway (single-subgraph and
# cross-subgraph queries), on loopback with the stub subgraphs of the gateway tests.
#   bench/gateway/run.sh [requests=2000] [warmup=500] [concurrency=1]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
REQUESTS="${1:-2000}"; WARMUP="${2:-500}"; CONCURRENCY="${3:-1}"

# Build the gateway jar and its test classes (the stubs and this benchmark live there); one Maven build at a time.
./mvnw -B -q -pl gateway package -DskipTests
./mvnw -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt

CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
exec java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" io.aspaire.gateway.bench.GatewayBenchmark \
  gateway/target/quarkus-app/quarkus-run.jar "$REQUESTS" "$WARMUP" "$CONCURRENCY"
