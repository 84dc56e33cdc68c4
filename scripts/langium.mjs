// Runs langium-cli on Node 20: load the Object.groupBy polyfill, then the CLI with our arguments.
import '../language/node20-polyfill.js';
await import('../node_modules/langium-cli/bin/langium.js');
