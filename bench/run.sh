#!/usr/bin/env bash
# Issue 11's benchmark in one command: builds what it needs, starts the suite with README command (a)'s launcher on
# free ports and a throw-away data folder, seeds it through its APIs (WireMock plays Remotive and the OpenAI API),
# measures every figure next to its reference in the same run (wrk, 8 connections, 10 s after a warm-up), and prints
# one table plus the CPU seconds per process. Takes about 14-15 minutes on 2 cores from a fresh clone (21.5 minutes
# on a machine 2-3x slower, with BENCH_WARMUP_MAX=60: see bench/README.md).
#   bash bench/run.sh
# Environment (all optional): BENCH_SECONDS=10 BENCH_WARMUP=3 BENCH_CONNECTIONS=8 BENCH_LISTINGS=100000
#   BENCH_STACK=deploy|up   deploy (default): launcher `infra` + each service as `java -jar quarkus-run.jar`;
#                           up: the launcher's `up` (its development JVM flags)
#   BENCH_SKIP_BUILD=1      reuse the jars already built;  BENCH_JOBS=0  skip the ingestion benchmark (bench/jobs)
#   BENCH_JOBS_REPORT=file  take the ingestion figures from an earlier bench/jobs/run.sh output instead
#   BENCH_JVM_OPTIONS=...   JVM options for the services (e.g. JFR; {module} is replaced by the module name)
#   BENCH_PARTS=a,b         only these lines (ratios gateway three events subscriptions ingestion fulltext alone)
#   BENCH_SUBSCRIPTION_USERS=100 BENCH_SUBSCRIPTIONS_PER_USER=10 BENCH_SUBSCRIPTION_ROUNDS=5  issue 14's fan-out line
#   ASPAIRE_MVN_LOCK=file   the lock every Maven run takes (default /tmp/aspaire-mvn.lock; shared-tree rule)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
LOCK=()
if command -v flock >/dev/null; then LOCK=(flock "${ASPAIRE_MVN_LOCK:-/tmp/aspaire-mvn.lock}"); fi

# the load generator: Debian's wrk (installed the way .ci/run installs docker-compose)
if ! command -v wrk >/dev/null; then
  echo "[bench] installing wrk (apt-get)"
  SUDO=(); if [ "$(id -u)" != 0 ]; then SUDO=(sudo); fi
  "${SUDO[@]}" apt-get install -y -q wrk >/dev/null || { "${SUDO[@]}" apt-get update -q >/dev/null && "${SUDO[@]}" apt-get install -y -q wrk >/dev/null; }
fi
# goal 2's reference proxy: Debian's nginx (its package does not start a server here: policy-rc.d); without it the
# line is skipped
if [ ! -x /usr/sbin/nginx ]; then
  echo "[bench] installing nginx (apt-get)"
  SUDO=(); if [ "$(id -u)" != 0 ]; then SUDO=(sudo); fi
  "${SUDO[@]}" apt-get install -y -q nginx >/dev/null || { "${SUDO[@]}" apt-get update -q >/dev/null && "${SUDO[@]}" apt-get install -y -q nginx >/dev/null; } || echo "[bench] no nginx: its line is skipped"
fi
# Apollo Gateway 2.14 from npm, in the gateway's oracle folder (same lock file as bench/gateway/compare-apollo.sh)
if command -v npm >/dev/null; then
  if [ ! -d gateway/src/test/oracle/node_modules/@apollo/gateway ]; then
    (cd gateway/src/test/oracle && npm ci --no-audit --no-fund --silent)
  fi
else
  echo "[bench] no node/npm: the Apollo Gateway lines are skipped"
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "[bench] building the services and the launcher (./mvnw -DskipTests package, with AppCDS) and the bench module"
  # both Maven runs under one hold of the lock: one wait in the queue, not two. AppCDS: each service's
  # target/quarkus-app/app-cds.jsa, made by this JDK, read by the "alone" line through jvm.env's -XX:SharedArchiveFile
  # as the image reads its own (Dockerfile.jvm); a property of this build, not of the pom: it adds ~30 s to a package
  "${LOCK[@]}" sh -c './mvnw -B -q -DskipTests package -Dquarkus.package.jar.appcds.enabled=true \
    && ./mvnw -B -q -f bench/suite/pom.xml package \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt'
fi
echo "[bench] build done after $(( $(date +%s) - START )) s"

JOBS_REPORT=-
if [ -n "${BENCH_JOBS_REPORT:-}" ]; then
  JOBS_REPORT="$BENCH_JOBS_REPORT"   # an earlier bench/jobs/run.sh output of the same checkout
elif [ "${BENCH_JOBS:-1}" != 0 ]; then
  JOBS_REPORT="$ROOT/bench/suite/target/jobs-bench.txt"
  echo "[bench] ingestion with dedup vs COPY: bench/jobs/run.sh ${BENCH_LISTINGS:-100000}"
  bash bench/jobs/run.sh "${BENCH_LISTINGS:-100000}" > "$JOBS_REPORT" 2>&1 || echo "[bench] bench/jobs/run.sh failed (see $JOBS_REPORT)"
  grep -E 'listings/s|ratio|p99' "$JOBS_REPORT" || true
fi

CP="bench/suite/target/classes:$(cat bench/suite/target/classpath.txt)"
set +e
java -Xmx1g -Dslf4j.internal.verbosity=ERROR -cp "$CP" io.aspaire.bench.SuiteBenchmark "$ROOT" "$JOBS_REPORT" | tee bench/suite/target/last-run.txt
CODE=${PIPESTATUS[0]}
set -e
echo "[bench] whole command: $(( $(date +%s) - START )) s (output also in bench/suite/target/last-run.txt)"
exit "$CODE"
