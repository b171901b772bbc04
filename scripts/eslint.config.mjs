export { default } from './eslint.repo.mjs';
