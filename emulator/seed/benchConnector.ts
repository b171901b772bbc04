// A connector with as many actions as a benchmark asks for (the MCP server's thousand-tool catalogue),
// added to org A only when the emulator is started with `benchActions`; the seed itself stays as it is.

import { defineAction } from './actions';
import { buildConnector } from './connectors';
import { echoOutput, genericInput } from './schemas';
import type { SeedOrg } from './types';

export const BENCH_CONNECTOR = buildConnector(
	{ key: 'bench', name: '基准工具箱 Bench Toolkit', description: 'Generated echo actions for benchmarks' },
	'self_built',
);

/** `org` with the bench connector and its `count` echo actions appended (none when `count` is 0). */
export function withBenchConnector(org: SeedOrg, count: number): SeedOrg {
	if (count === 0) return org;
	const actions = Array.from({ length: count }, (_, index) => {
		const n = String(index + 1).padStart(4, '0');
		return defineAction(BENCH_CONNECTOR, `bench${n}`, {
			name: `Bench Action ${n}`,
			description: `Generated bench action #${n}; echoes its input`,
			inputSchema: genericInput,
			outputSchema: echoOutput,
			behaviour: 'echo',
		});
	});
	return { ...org, connectors: [...org.connectors, BENCH_CONNECTOR], actions: [...org.actions, ...actions] };
}
