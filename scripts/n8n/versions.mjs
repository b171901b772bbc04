// Which n8n releases are newer than the runtimes this repository pins (scripts/n8n/runtime/*/package.json).

/** [major, minor, patch] of a plain release version, or undefined for a pre-release or anything else. */
export function parseRelease(version) {
	const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
	return match ? match.slice(1).map(Number) : undefined;
}

function compare(a, b) {
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
	return 0;
}

/**
 * For each pinned version, the plain releases of the same major version that are newer, oldest first.
 * `pinned` maps a runtime's name to its version; `available` is the registry's list of versions.
 */
export function newerReleases(pinned, available) {
	const releases = available.map((version) => ({ version, parts: parseRelease(version) })).filter((release) => release.parts !== undefined);
	return Object.fromEntries(
		Object.entries(pinned).map(([runtime, version]) => {
			const current = parseRelease(version);
			if (!current) return [runtime, []];
			const newer = releases
				.filter((release) => release.parts[0] === current[0] && compare(release.parts, current) > 0)
				.sort((a, b) => compare(a.parts, b.parts))
				.map((release) => release.version);
			return [runtime, newer];
		}),
	);
}
