// Code that is not shipped follows the project's own rules (eslint.project.config.mjs), not n8n's
// community-node rules, when ESLint looks configs up from each file (npm run lint:n8n).
export { default } from '../eslint.project.config.mjs';
