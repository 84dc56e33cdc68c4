// `phg/memoryPlan` (server/protocol.ts): the design-time plan of a document for the panels. The
// answer is built from the same analysis the code lens and `phg plan` read, after the document's
// latest edit has been checked.
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { analyzeRepresentation, modelPlanJson, planContextJson, type UnplannedModelJson } from '../../language/index.js';
import { exceedsLiveAnalysisLimit, liveAnalysisLimit } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { requestDocument } from './request-document.js';
import { MemoryPlanRequest, type MemoryPlanEntry, type MemoryPlanResult } from '../protocol.js';

/** Registers the `phg/memoryPlan` handler on a connection. */
export function registerMemoryPlanRequest(connection: Connection, shared: LangiumSharedServices, services: PhgLspServices): void {
    connection.onRequest(MemoryPlanRequest, async (params, cancelToken) => {
        const uri = URI.parse(params.uri);
        const document = await requestDocument(shared, uri);
        if (document === undefined) return { uri: params.uri, models: [], unplanned: [], reason: `the server cannot read ${params.uri}` };
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, cancelToken);
        return memoryPlanOf(document, services);
    });
}

/** The `phg/memoryPlan` answer for a checked document. */
export function memoryPlanOf(document: LangiumDocument, services: PhgLspServices): MemoryPlanResult {
    const uri = document.uri.toString();
    if (exceedsLiveAnalysisLimit(document)) return { uri, models: [], unplanned: [], reason: `the file is larger than ${liveAnalysisLimit / 1024} KiB; run phg plan on it` };
    const models: MemoryPlanEntry[] = [];
    const unplanned: UnplannedModelJson[] = [];
    const subjects = analyzeRepresentation(document, services).subjects;
    for (const subject of subjects) {
        const entry = modelPlanJson(subject);
        if ('reason' in entry) unplanned.push(entry);
        else models.push({ ...entry, context: planContextJson(subject) });
    }
    return { uri, models, unplanned, ...(subjects.length === 0 ? { reason: 'no model in this file can be planned (errors leave none checked)' } : {}) };
}
