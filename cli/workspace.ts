// Loads .phg files from disk into the language's core services (no LSP) and builds them with
// every validation category, so `phg check` reports exactly what the editor shows.
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createPhgCoreServices, type PhgCoreServices } from '../language/phg-module.js';

/** A file or folder the user named that could not be read: reported, never thrown. */
export interface SourceReadError {
    /** The path as the user wrote it. */
    readonly path: string;
    readonly message: string;
}

/** The .phg files found for a list of command-line paths, in a stable order. */
export interface PhgSourceList {
    /** Absolute paths, deduplicated, sorted within each argument. */
    readonly files: readonly string[];
    readonly errors: readonly SourceReadError[];
}

/**
 * Folders a directory walk does not enter. `broken` holds examples that are wrong on purpose
 * (`examples/broken/`): `phg check examples` checks the working models only, and
 * `phg check examples/broken` checks the broken ones, because a folder named explicitly is
 * always checked.
 */
const skippedFolderNames: ReadonlySet<string> = new Set(['broken', 'node_modules']);

/** Expands files and folders (recursively, `.phg` only) into the files to check. */
export async function collectPhgFiles(paths: readonly string[], cwd: string): Promise<PhgSourceList> {
    const files: string[] = [];
    const errors: SourceReadError[] = [];
    for (const path of paths) {
        const absolute = resolve(cwd, path);
        let isDirectory: boolean;
        try {
            isDirectory = (await stat(absolute)).isDirectory();
        } catch (error) {
            errors.push({ path, message: describeFileError(error) });
            continue;
        }
        if (!isDirectory) {
            files.push(absolute);
            continue;
        }
        const found = await walkFolder(absolute);
        if (found.length === 0) errors.push({ path, message: 'no .phg files in this folder' });
        files.push(...found.sort());
    }
    return { files: [...new Set(files)], errors };
}

async function walkFolder(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true });
    const found: string[] = [];
    for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
            if (!skippedFolderNames.has(entry.name)) found.push(...await walkFolder(path));
        } else if (entry.isFile() && entry.name.endsWith('.phg')) {
            found.push(path);
        }
    }
    return found;
}

/** A file the checker itself failed on (a bug in phg, not in the file). */
export interface CheckFailure {
    readonly path: string;
    readonly message: string;
}

/** Checked documents, together with the services that own them. */
export interface CheckedWorkspace {
    readonly services: PhgCoreServices;
    /** One document per readable input file that was checked to the end, in input order. */
    readonly documents: readonly LangiumDocument[];
    readonly errors: readonly SourceReadError[];
    readonly failures: readonly CheckFailure[];
}

/**
 * Reads, parses, links and validates the given files. Each .phg file is self-contained, so each
 * is built on its own: a checker failure on one file costs only that file its results.
 */
export async function checkPhgFiles(files: readonly string[]): Promise<CheckedWorkspace> {
    const { shared, Phg } = createPhgCoreServices(NodeFileSystem);
    // Loads whatever the language contributes beyond the user's files (built-in declarations).
    await shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const documents: LangiumDocument[] = [];
    const errors: SourceReadError[] = [];
    const failures: CheckFailure[] = [];
    for (const file of files) {
        let text: string;
        try {
            text = await readFile(file, 'utf8');
        } catch (error) {
            errors.push({ path: file, message: describeFileError(error) });
            continue;
        }
        try {
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(file));
            shared.workspace.LangiumDocuments.addDocument(document);
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            documents.push(document);
        } catch (error) {
            failures.push({ path: file, message: error instanceof Error ? error.stack ?? error.message : String(error) });
        }
    }
    return { services: Phg, documents, errors, failures };
}

/** A one-line reason for a failed file operation, without a stack trace. */
function describeFileError(error: unknown): string {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    switch (code) {
        case 'ENOENT': return 'no such file or folder';
        case 'EACCES': case 'EPERM': return 'permission denied';
        case 'EISDIR': return 'is a folder';
        default: return error instanceof Error ? error.message : String(error);
    }
}
