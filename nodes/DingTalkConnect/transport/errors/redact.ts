/** Replaces every known secret (4+ characters) by a mask. */
export function redactSecrets(text: string, secrets: Array<string | undefined> = []): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < 4) continue;
		result = result.split(secret).join('***');
	}
	return result;
}
