// The package as users get it: `npm pack` of the built package, installed into an n8n user folder
// the two ways users install it.
//
//   communityNodes  what n8n's Settings → Community Nodes → Install does (n8n 1.123 and 2.x alike,
//                   `CommunityPackagesService.downloadPackage`): unpack the tarball into
//                   `<userFolder>/.n8n/nodes/node_modules/<package>`, drop its dev, peer and optional
//                   dependencies from its package.json, `npm install` inside it with n8n's flags, and
//                   record it in `<userFolder>/.n8n/nodes/package.json`.
//   readme          the command the README's installation section gives, run in `~/.n8n/nodes`, with
//                   the tarball's path in place of the package name (it is not on the registry).
//
// Either way n8n finds it by scanning `.n8n/nodes/node_modules`, and the node's type is
// `<package name>.dingTalkConnect`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, PACKAGE_ROOT, ROOT } from '../../../scripts/n8n/runtime.mjs';

export type InstallWay = 'communityNodes' | 'readme';
export const INSTALL_WAYS: InstallWay[] = ['communityNodes', 'readme'];

/** npm, against whatever registry it is configured with, without the user's audit or funding chatter. */
function npm(args: string[], cwd: string): string {
	const result = spawnSync('npm', [...args, '--loglevel=error'], {
		cwd,
		encoding: 'utf8',
		timeout: 180_000,
	});
	if (result.status !== 0) {
		throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

export interface PackedTarball {
	/** Absolute path of the `.tgz`. */
	file: string;
	/** The paths inside the package, as `npm pack` lists them (e.g. `dist/nodes/...`, `package.json`). */
	files: string[];
}

/** `npm pack` of the package as it is (build it first) into `outDir`. */
export function packTarball(outDir: string, packageRoot = PACKAGE_ROOT): PackedTarball {
	mkdirSync(outDir, { recursive: true });
	const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', outDir], packageRoot)) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	return { file: path.join(outDir, packed.filename), files: packed.files.map((f) => f.path).sort() };
}

/** The README's by-hand install command (`npm install n8n-nodes-dingtalk-connect …`), as written. */
export function readmeInstallCommand(readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')): string[] {
	const commands = [...readme.matchAll(/`(npm install [^`]*)`/g)].map((m) => m[1]).filter((c) => c.split(/\s+/).includes(PACKAGE_NAME));
	if (commands.length !== 1) throw new Error(`the README should give one by-hand install command, found ${commands.length}`);
	return commands[0].split(/\s+/);
}

/** n8n's folder for community packages in a user folder (`N8N_USER_FOLDER/.n8n/nodes`). */
export function nodesFolder(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/** Installs the tarball into `<userFolder>/.n8n/nodes` the given way; returns the installed package's folder. */
export function installTarball(userFolder: string, tarball: string, way: InstallWay): string {
	const nodes = nodesFolder(userFolder);
	const installed = path.join(nodes, 'node_modules', PACKAGE_NAME);
	mkdirSync(nodes, { recursive: true });
	if (way === 'communityNodes') {
		// n8n keeps a package.json there listing what it installed.
		const manifestPath = path.join(nodes, 'package.json');
		if (!existsSync(manifestPath)) writeFileSync(manifestPath, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		mkdirSync(installed, { recursive: true });
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
		const packageJsonPath = path.join(installed, 'package.json');
		const kept = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete kept[field];
		writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2));
		npm(['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], installed);
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
		manifest.dependencies[PACKAGE_NAME] = kept.version;
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	} else {
		const [command, subcommand, ...rest] = readmeInstallCommand();
		if (command !== 'npm' || subcommand !== 'install') throw new Error(`unexpected README command: ${command} ${subcommand}`);
		npm(['install', ...rest.map((arg) => (arg === PACKAGE_NAME ? tarball : arg)), '--no-audit', '--no-fund'], nodes);
	}
	if (!existsSync(path.join(installed, 'package.json'))) throw new Error(`${installed} holds no package after the install`);
	return installed;
}

/** Every folder named `name` under `dir` (following no symlinks), relative to `dir`. */
export function foldersNamed(dir: string, name: string): string[] {
	const found: string[] = [];
	const walk = (current: string) => {
		for (const entry of readdirSync(current, { withFileTypes: true })) {
			if (!entry.isDirectory()) continue;
			const full = path.join(current, entry.name);
			if (entry.name === name) found.push(path.relative(dir, full));
			walk(full);
		}
	};
	if (existsSync(dir)) walk(dir);
	return found;
}
