// The PHG language server's entry point: stdio or IPC, as the client chooses.
import '../language/node20-polyfill.js';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createPhgLspServices } from './phg-lsp-module.js';
import { certificateWorkspaceOf } from './certificates/certificate-workspace.js';
import { registerHypergraphRequest } from './requests/hypergraph-request.js';
import { registerMemoryPlanRequest } from './requests/memory-plan-request.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Phg } = createPhgLspServices({ connection, ...NodeFileSystem });
registerMemoryPlanRequest(connection, shared, Phg);
registerHypergraphRequest(connection, shared, Phg);
// Created now, so it hears certificate, trust-store and version-store changes from the start.
certificateWorkspaceOf(Phg);
startLanguageServer(shared);
