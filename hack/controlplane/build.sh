#!/usr/bin/env bash
# Builds the local control plane's binaries (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl of the same version, kwok) and helm (for the chart's tests and
# `npm run gen:manifest`) from the Go module proxy and caches them, keyed on the versions in
# versions.env. A warm cache never rebuilds; a cold one takes several minutes
# (the Kubernetes link step is the peak, around 2-3 GiB per binary).
#
#   hack/controlplane/build.sh                      build what is missing, print the bin directory
#   hack/controlplane/build.sh --print              print the bin directory only (exit 1 if incomplete)
#   hack/controlplane/build.sh [--print] NAME...    the same for these components only, e.g.
#                                                   etcd kube-apiserver kube-controller-manager kwok kubectl
#
# Components: etcd kwok helm kube-apiserver kube-controller-manager kube-scheduler kubectl.
# Progress goes to standard error: what is cached, each component as it starts and ends, and
# the time it took; the bin directory is the last line of standard output.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${STEVEDORE_CACHE_DIR:-$HOME/.cache/stevedore}"
bin="$cache/bin"
export GOFLAGS="-mod=mod"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

log() { echo "[controlplane/build] $*" >&2; }

# One stamp file per component and version: the cache key.
stamp() { echo "$bin/.built-$1-$2"; }
have() { [[ -f "$(stamp "$1" "$2")" ]]; }

all_kubernetes_binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
all_components=(etcd kwok helm "${all_kubernetes_binaries[@]}")

print_only=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    --print) print_only=1 ;;
    etcd | kwok | helm | kube-apiserver | kube-controller-manager | kube-scheduler | kubectl) wanted+=("$arg") ;;
    *) echo "build.sh: unknown component or flag '$arg' (components: ${all_components[*]})" >&2; exit 2 ;;
  esac
done
[[ ${#wanted[@]} -gt 0 ]] || wanted=("${all_components[@]}")

wants() { local c; for c in "${wanted[@]}"; do [[ "$c" == "$1" ]] && return 0; done; return 1; }
version_of() {
  case "$1" in
    etcd) echo "$ETCD_VERSION" ;;
    kwok) echo "$KWOK_VERSION" ;;
    helm) echo "$HELM_VERSION" ;;
    *) echo "$KUBERNETES_VERSION" ;;
  esac
}

# The Kubernetes binaries asked for, in build order.
kubernetes_binaries=()
for b in "${all_kubernetes_binaries[@]}"; do wants "$b" && kubernetes_binaries+=("$b"); done

missing=()
cached=()
for c in "${all_components[@]}"; do
  wants "$c" || continue
  if have "$c" "$(version_of "$c")"; then cached+=("$c $(version_of "$c")"); else missing+=("$c"); fi
done

if [[ $print_only == 1 ]]; then
  [[ ${#missing[@]} -eq 0 ]] || exit 1
  echo "$bin"
  exit 0
fi

started=$SECONDS
elapsed() { local s=$((SECONDS - ${1:-$started})); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
[[ ${#cached[@]} -eq 0 ]] || log "cached: $(IFS=,; echo "${cached[*]}" | sed 's/,/, /g')"
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "$bin"
  exit 0
fi
log "to build: ${missing[*]} (a cold Kubernetes build takes 10-20 minutes on 2 cores; later runs reuse the cache in $bin)"
step=0
total=${#missing[@]}
begin() { step=$((step + 1)); step_started=$SECONDS; log "[$step/$total] building $1 $(version_of "$1") ..."; }
finish() { log "[$step/$total] built $1 in $(elapsed "$step_started") (total $(elapsed))"; }

mkdir -p "$bin"
work="$cache/gomod"
mkdir -p "$work"

build_kubernetes() {
  local v="$KUBERNETES_VERSION" staging="v0.${KUBERNETES_VERSION#v1.}" missing_k8s=0
  for b in "${kubernetes_binaries[@]}"; do have "$b" "$v" || missing_k8s=1; done
  [[ $missing_k8s == 1 ]] || return 0
  log "fetching k8s.io/kubernetes $v sources (cold: several minutes)"
  local mod="$work/kubernetes-$v"
  mkdir -p "$mod"
  go mod download -json "k8s.io/kubernetes@$v" >/dev/null
  local src
  src="$(go env GOMODCACHE)/k8s.io/kubernetes@$v"
  # k8s.io/kubernetes replaces every staging module with a local path, which `go install`
  # refuses; pin each one to its published version instead.
  {
    echo "module stevedore.dev/hack/kubernetes"
    echo
    echo "go $(awk '/^go /{print $2; exit}' "$src/go.mod")"
    echo
    echo "require k8s.io/kubernetes $v"
    echo
    echo "replace ("
    awk -v sv="$staging" '/=> \.\/staging\//{print "\t" $1 " => " $1 " " sv}' "$src/go.mod"
    echo ")"
  } >"$mod/go.mod"
  local major="${v#v}"; major="${major%%.*}"
  local minor="${v#v*.}"; minor="${minor%%.*}"
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  (
    cd "$mod"
    go get "k8s.io/kubernetes/cmd/kube-apiserver@$v" >/dev/null 2>&1 || go get "k8s.io/kubernetes/cmd/kube-apiserver@$v"
    for cmd in "${kubernetes_binaries[@]}"; do
      have "$cmd" "$v" && continue
      begin "$cmd"
      go build -trimpath -ldflags "$ldflags" -o "$bin/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
      mv "$bin/$cmd.tmp" "$bin/$cmd"
      touch "$(stamp "$cmd" "$v")"
      finish "$cmd"
    done
  )
}

build_etcd() {
  local v="$ETCD_VERSION"
  have etcd "$v" && return
  begin etcd
  local mod="$work/etcd-$v"
  mkdir -p "$mod"
  # The etcd server module uses relative replaces too; a helper module requiring it works.
  printf 'module stevedore.dev/hack/etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$v" >"$mod/go.mod"
  (
    cd "$mod"
    go get "go.etcd.io/etcd/server/v3@$v" >/dev/null
    go build -trimpath -ldflags "-s -w" -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3
    mv "$bin/etcd.tmp" "$bin/etcd"
  )
  touch "$(stamp etcd "$v")"
  finish etcd
}

build_kwok() {
  local v="$KWOK_VERSION"
  have kwok "$v" && return
  begin kwok
  local tmp
  tmp="$(mktemp -d)"
  GOBIN="$tmp" GOFLAGS= go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$v" "sigs.k8s.io/kwok/cmd/kwok@$v"
  mv "$tmp/kwok" "$bin/kwok"
  rmdir "$tmp"
  touch "$(stamp kwok "$v")"
  finish kwok
}

build_helm() {
  local v="$HELM_VERSION"
  have helm "$v" && return
  begin helm
  # helm's go.mod has no replace directives, so `go install` works. The ldflags are the ones of
  # helm's Makefile: its version, and the Kubernetes version of its client-go as the default
  # .Capabilities.KubeVersion of `helm template` and of the lint deprecation rules.
  go mod download -json "helm.sh/helm/v3@$v" >/dev/null
  local client_go minor
  client_go="$(awk '$1 == "k8s.io/client-go" {print $2; exit}' "$(go env GOMODCACHE)/helm.sh/helm/v3@$v/go.mod")"
  minor="${client_go#v0.}"; minor="${minor%%.*}"
  local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$v -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  local pkg
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$minor"
  done
  local tmp
  tmp="$(mktemp -d)"
  GOBIN="$tmp" GOFLAGS= go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$v"
  mv "$tmp/helm" "$bin/helm"
  rmdir "$tmp"
  touch "$(stamp helm "$v")"
  finish helm
}

if wants etcd; then build_etcd; fi
if wants kwok; then build_kwok; fi
if wants helm; then build_helm; fi
if [[ ${#kubernetes_binaries[@]} -gt 0 ]]; then build_kubernetes; fi
log "done in $(elapsed)"
echo "$bin"
