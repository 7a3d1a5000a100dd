#!/usr/bin/env bash
# job-service ingestion benchmark: 100,000 generated listings through the service's upsert path vs a plain COPY of the
# same rows, then Query.jobs latency p50/p99 at that size. Starts its own PostgreSQL/Kafka/Mongo (local-stack test
# resource); prints the results between the "=== job-service ingestion benchmark" lines.
# Usage: bench/jobs/run.sh [listings]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
./mvnw -B -pl job-service test -Dtest=JobsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.jobs="$N" -DargLine="-Xmx2g -Dbench.jobs=$N" | tee /tmp/jobs-bench.log | sed -n '/=== job-service ingestion benchmark/,/^$/p'
