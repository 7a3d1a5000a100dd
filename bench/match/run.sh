#!/usr/bin/env bash
# Match score benchmark (issue 15): the evaluation set's precision@5 and NDCG@10 for skill overlap alone, embeddings
# alone and the blend; recommendedJobs' top-20 over N listings (exact scan) p50/p99; embedding cost per listing.
# Runs ai-service's MatchBench in its own test JVM (no servers needed); prints the lines between "=== match score".
# Usage: bench/match/run.sh [listings]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-100000}"
LOCK=()
if command -v flock >/dev/null; then LOCK=(flock "${ASPAIRE_MVN_LOCK:-/tmp/aspaire-mvn.lock}"); fi
mkdir -p ai-service/target
"${LOCK[@]}" ./mvnw -B -pl ai-service -am test -Dtest=MatchBench -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g -Dbench.match.listings=$N" > ai-service/target/match-bench.log 2>&1 \
  || { tail -60 ai-service/target/match-bench.log; echo "bench/match: the Maven run failed (log ai-service/target/match-bench.log)"; exit 1; }
sed -n '/=== match score benchmark/,/^$/p' ai-service/target/match-bench.log
