// `npm run emulator`: the emulator in the foreground, for `npm start` and manual runs.
// Flags: --port <n> (default 3900, 0 = a free port), --qps <n>, --latency-invoke <ms>, --token-lifetime <s>,
// --stream-ack-timeout <ms> (Stream EVENT redelivery, default 60000), --stream-ping-interval <ms> (default 30000; 'none' is a dialect's),
// --dialect <sdk|gateway|errorCode|status400> (default: $DINGTALK_EMULATOR_DIALECT, else sdk; see README, Dialects),
// --bench-actions <n> (benchmarks: org A also has the Bench Toolkit connector with n echo actions).
import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, DIALECT_NAMES, SEED_ASSETS, SEED_ASSETS_B, startEmulator, type EmulatorConfig, type StreamOptions } from './index';
import { isDialectName } from './dialects';
import type { DialectName } from './dialectNames';

function readFlags(argv: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) continue;
		const [name, inline] = arg.slice(2).split('=', 2);
		flags.set(name, inline ?? argv[++i] ?? '');
	}
	return flags;
}

function numberFlag(flags: Map<string, string>, name: string): number | undefined {
	const value = flags.get(name);
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0) {
		console.error(`--${name} needs a non-negative number, got "${value}"`);
		process.exit(2);
	}
	return parsed;
}

function dialectFlag(flags: Map<string, string>): DialectName | undefined {
	const value = flags.get('dialect');
	if (value === undefined) return undefined;
	if (!isDialectName(value)) {
		console.error(`--dialect needs one of ${DIALECT_NAMES.join(', ')}, got "${value}"`);
		process.exit(2);
	}
	return value;
}

async function main(): Promise<void> {
	const flags = readFlags(process.argv.slice(2));
	const config: Partial<EmulatorConfig> = {};
	const qps = numberFlag(flags, 'qps');
	if (qps !== undefined) config.qpsLimit = qps;
	const latencyInvoke = numberFlag(flags, 'latency-invoke');
	if (latencyInvoke !== undefined) config.latencyMs = { invokeInstance: latencyInvoke };
	const lifetime = numberFlag(flags, 'token-lifetime');
	if (lifetime !== undefined) config.tokenLifetimeSeconds = lifetime;

	const stream: StreamOptions = {};
	const ackTimeout = numberFlag(flags, 'stream-ack-timeout');
	if (ackTimeout !== undefined) stream.ackTimeoutMs = ackTimeout;
	const pingInterval = numberFlag(flags, 'stream-ping-interval');
	if (pingInterval !== undefined) stream.pingIntervalMs = pingInterval;

	const benchActions = numberFlag(flags, 'bench-actions');
	const emulator = await startEmulator({ port: numberFlag(flags, 'port') ?? 3900, dialect: dialectFlag(flags), config, stream, benchActions });
	// Demo values, not secrets: printing them lets a person paste them into n8n's credential form.
	console.log(`DingTalk Connect emulator listening on ${emulator.url}`);
	console.log(`Dialect: ${emulator.dialect} (of ${DIALECT_NAMES.join(', ')}; switch with POST ${emulator.url}/__emulator/dialect {"name": "…"})`);
	console.log(
		JSON.stringify({ url: emulator.url, credentials: DEMO_CREDENTIALS, eventSettings: DEMO_EVENT_SETTINGS, assets: SEED_ASSETS, assetsOrgB: SEED_ASSETS_B }, null, 2),
	);
	console.log(`Control endpoints: ${emulator.url}/__emulator/ (counters, log, config, faults, reset, ...)`);
	console.log(`Stream mode: POST ${emulator.url}/v1.0/gateway/connections/open; push events with POST ${emulator.url}/__emulator/events/stream/push`);
	console.log(`HTTP push: POST ${emulator.url}/__emulator/events/callbacks/push {"url": "http://127.0.0.1:5678/webhook/…", "events": [{"kind": "probe"}]}`);

	const shutdown = (signal: string) => {
		console.log(`${signal}: stopping the emulator`);
		emulator.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: Error) => {
	console.error(`emulator failed to start: ${error.message}`);
	process.exit(1);
});
