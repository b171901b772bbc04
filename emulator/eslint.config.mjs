export { default } from '../scripts/eslint.repo.mjs';
