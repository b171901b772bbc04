// Deterministic ids, asset URIs and icons of the seed data, so that tests can refer to them.

// FNV-1a, so generated ids are stable across runs and look like DingTalk's hex ids.
export function hexId(text: string, length: number): string {
	let out = '';
	let salt = 0;
	while (out.length < length) {
		let hash = 0x811c9dc5;
		for (const ch of `${salt}:${text}`) {
			hash ^= ch.codePointAt(0) ?? 0;
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
		out += hash.toString(16).padStart(8, '0');
		salt++;
	}
	return out.slice(0, length).toUpperCase();
}

export function assetUri(providerCorpId: string, actionId: string): string {
	return `dca://${providerCorpId}.connect.dingtalk.com/${providerCorpId}/action/${actionId}`;
}

export function icon(key: string): string {
	return `https://static.dingtalk.com/media/connector/${key.toLowerCase()}.png`;
}
