// n8n's REST API (`/rest/...`), called as the editor calls it: with a logged-in user's session cookie.
/* global fetch, AbortSignal */

/**
 * A client for the n8n at `url` as the session `cookie` (`n8n-auth=...`) belongs to. `call` resolves
 * with the answer's `data` and throws with the route, the status and the start of the body when n8n
 * refuses; `timeoutMs` bounds each call (no bound when left out).
 */
export function restClient(url, cookie, { timeoutMs } = {}) {
	return {
		url,
		async call(method, route, body) {
			const response = await fetch(`${url}/rest${route}`, {
				method,
				headers: { cookie, 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`${method} /rest${route} answered ${response.status}: ${text.slice(0, 300)}`);
			return text ? JSON.parse(text).data : undefined;
		},
	};
}
