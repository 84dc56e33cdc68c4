// The PHG language server's entry point: stdio or IPC, as the client chooses.
import '../language/node20-polyfill.js';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createPhgLspServices } from './phg-lsp-module.js';
import { registerMemoryPlanRequest } from './requests/memory-plan-request.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Phg } = createPhgLspServices({ connection, ...NodeFileSystem });
registerMemoryPlanRequest(connection, shared, Phg);
startLanguageServer(shared);
