#!/usr/bin/env bash
# job-service ingestion benchmark: 100,000 generated listings through the service's upsert path vs a plain COPY of the
# same rows, then Query.jobs latency p50/p99 at that size. Starts its own PostgreSQL/Kafka/Mongo (local-stack test
# resource); prints the results between the "=== job-service ingestion benchmark" lines.
# Usage: bench/jobs/run.sh [listings]   (default 100000; BENCH_JOBS_WARMUP=20000 other listings through the same path
# first, then deleted, so the measured run finds the JVM's JIT done as every line of bench/run.sh does; 0: a cold JVM)
# -am: job-service needs the platform (and local-stack) of this checkout; from a fresh clone they are not installed
# in ~/.m2, so they are built in the same reactor (their own tests are filtered out by -Dtest=JobsBench).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
WARMUP="${BENCH_JOBS_WARMUP:-20000}"
LOCK=()
if command -v flock >/dev/null; then LOCK=(flock "${ASPAIRE_MVN_LOCK:-/tmp/aspaire-mvn.lock}"); fi
mkdir -p job-service/target
"${LOCK[@]}" ./mvnw -B -pl job-service -am test -Dtest=JobsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.jobs="$N" -DargLine="-Xmx2g -Dbench.jobs=$N -Dbench.jobs.warmup=$WARMUP" > job-service/target/jobs-bench.log 2>&1 \
  || { tail -60 job-service/target/jobs-bench.log; echo "bench/jobs: the Maven run failed (log job-service/target/jobs-bench.log)"; exit 1; }
sed -n '/=== job-service ingestion benchmark/,/^$/p' job-service/target/jobs-bench.log
