// Rules for the code that is not shipped (tests, emulator, benchmarks, scripts). The package in
//  has n8n's own default config (n8n-node lint, strict mode) and is linted by
// scripts/lint.mjs with the rules of n8n's community-package scanner.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
				setImmediate: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				__dirname: 'readonly',
				require: 'readonly',
				module: 'writable',
			},
		},
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { exports: 'writable' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
