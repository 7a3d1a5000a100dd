#!/usr/bin/env bash
# Issue 16's load bench in one command: builds what it needs, starts the suite as bench/run.sh does (launcher infra on
# free ports and a throw-away data folder, each service as java <its Deployment's JVM options> -jar quarkus-run.jar),
# seeds it through its APIs, then holds 200 concurrent clients through the gateway for 60 s on a 70 % read / 30 % write
# mix and prints throughput, p50/p99 per operation, errors and each process's CPU and RSS. About 4 minutes on 2 cores
# plus the build.
#   bash bench/load/run.sh
# Environment (all optional): LOAD_CLIENTS=200 LOAD_SECONDS=60 LOAD_WARMUP=15 LOAD_USERS=20
#   BENCH_SKIP_BUILD=1      reuse the jars already built
#   ASPAIRE_MVN_LOCK=file   the lock every Maven run takes (default /tmp/aspaire-mvn.lock; shared-tree rule)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
START=$(date +%s)
LOCK=()
if command -v flock >/dev/null; then LOCK=(flock "${ASPAIRE_MVN_LOCK:-/tmp/aspaire-mvn.lock}"); fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "[load] building the services and the launcher (./mvnw -DskipTests package, with AppCDS) and the bench module"
  # the services start with jvm.env's options, -XX:SharedArchiveFile among them: the archive comes from this build
  # (bench/run.sh builds the same way)
  "${LOCK[@]}" sh -c './mvnw -B -q -DskipTests package -Dquarkus.package.jar.appcds.enabled=true \
    && ./mvnw -B -q -f bench/suite/pom.xml package \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt'
fi
echo "[load] build done after $(( $(date +%s) - START )) s"

CP="bench/suite/target/classes:$(cat bench/suite/target/classpath.txt)"
set +e
java -Xmx1g -Dslf4j.internal.verbosity=ERROR -cp "$CP" io.aspaire.bench.LoadBench "$ROOT" | tee bench/suite/target/last-load.txt
CODE=${PIPESTATUS[0]}
set -e
echo "[load] whole command: $(( $(date +%s) - START )) s (output also in bench/suite/target/last-load.txt)"
exit "$CODE"
