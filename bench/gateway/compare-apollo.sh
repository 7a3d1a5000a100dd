#!/usr/bin/env bash
# Compares the AspAIre gateway with Apollo Gateway 2.x (the reference behaviour) over the same stub subgraphs:
# same data and same error paths for a set of operations (root routing, joins, @requires, @provides, fragments,
# compound keys, nulls, entity errors, mutations, failing subgraphs). Needs node + npm (installs @apollo/gateway).
#   bench/gateway/compare-apollo.sh
# Environment: SKIP_BUILD=1 reuses gateway/target; MVN overrides the Maven command (e.g. with a lock).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
ORACLE=gateway/src/test/oracle
(cd "$ORACLE" && npm ci --no-audit --no-fund --silent)

MVN="${MVN:-./mvnw}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  $MVN -B -q -pl gateway package -DskipTests
  $MVN -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi

CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
exec java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
  io.aspaire.gateway.bench.ApolloOracleComparison gateway/target/quarkus-app/quarkus-run.jar "$ORACLE"
