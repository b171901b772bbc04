// Jest runs test code as CommonJS; this turns scripts/n8n/runtime.mjs (plain ESM shared with
// `npm start`) into CommonJS for it, so the tests drive n8n through the very same library.
const ts = require('typescript');

module.exports = {
	process(source, filename) {
		// CommonJS has no import.meta: give the one property the library uses a CommonJS value.
		const withoutImportMeta = source.replace(/\bimport\.meta\.url\b/g, "require('node:url').pathToFileURL(__filename).href");
		const { outputText } = ts.transpileModule(withoutImportMeta, {
			fileName: filename.replace(/\.mjs$/, '.js'),
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, esModuleInterop: true },
		});
		return { code: outputText };
	},
};
