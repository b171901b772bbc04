// dca://<providerCorpId>.connect.dingtalk.com/<providerCorpId>/<kind>/<assetId>; kinds seen are
// action, trigger and integration_endpoint, but others are accepted since DingTalk adds asset types.
const CONNECT_ASSET_URI = /^dca:\/\/([^/.\s]+)\.connect\.dingtalk\.com\/([^/\s]+)\/([A-Za-z_][\w-]*)\/([^/?#\s]+)$/i;

/** Splits a connectAssetUri into its parts, or returns undefined when it is not one. */
export function parseConnectAssetUri(
	uri: string,
): { providerCorpId: string; kind: string; assetId: string } | undefined {
	if (typeof uri !== 'string') return undefined;
	const match = CONNECT_ASSET_URI.exec(uri.trim());
	if (!match) return undefined;
	const [, hostCorpId, providerCorpId, kind, assetId] = match;
	// Both places name the provider's org; a mismatch means the URI was edited by hand or truncated.
	if (hostCorpId.toLowerCase() !== providerCorpId.toLowerCase()) return undefined;
	return { providerCorpId, kind, assetId };
}
