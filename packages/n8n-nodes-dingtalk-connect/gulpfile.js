// Copies what tsc does not emit (icons and codex JSON) next to the compiled code in dist/, and the
// repository's README files and LICENSE into the package, which npm publishes with it.
const { src, dest, parallel } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}', 'icons/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function copyReadmeAndLicense() {
	return src(['../../README.md', '../../README.zh-CN.md', '../../LICENSE'], { encoding: false }).pipe(dest('.'));
}

exports['build:assets'] = parallel(copyAssets, copyReadmeAndLicense);
