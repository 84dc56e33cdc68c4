// Reads a `deploy NAME serves MODEL { port … rotation warm { … } trust "…" host "…" }` block into
// serving settings. Unknown rotation options are reported, not ignored.
import type { DocumentAnalysis } from '../../language/index.js';
import { ast } from '../../language/index.js';
import type { RotationPolicy } from '../../engine/serve/rotation-types.js';

/** A deploy block's settings (absent ones fall back to flags and defaults). */
export interface DeploySettings {
    readonly name: string;
    readonly model: string;
    readonly port?: number;
    readonly host?: string;
    /** The trust file as written, relative to the workspace root. */
    readonly trust?: string;
    readonly rotation: Partial<RotationPolicy>;
    readonly problems: readonly string[];
}

/** The rotation options a deploy block may set, and the policy field each sets. */
const rotationOptions: Readonly<Record<string, { readonly field: keyof RotationPolicy; readonly scale: number; readonly check: (value: number) => boolean; readonly expected: string }>> = {
    canary: { field: 'canarySize', scale: 1, check: (value) => Number.isInteger(value) && value >= 0, expected: 'a whole number of rows' },
    max_disagreement: { field: 'maxDisagreement', scale: 1, check: (value) => value >= 0 && value <= 1, expected: 'a rate between 0 and 1' },
    rollback_on_error_rate: { field: 'rollbackOnErrorRate', scale: 1, check: (value) => value >= 0 && value <= 1, expected: 'a rate between 0 and 1' },
    grace: { field: 'graceMs', scale: 1000, check: (value) => value >= 0, expected: 'a duration, e.g. 30<s>' }
};

/** The settings of one deploy block. */
export function readDeploySettings(deploy: ast.DeployDecl, analysis: DocumentAnalysis): DeploySettings {
    const problems: string[] = [];
    const rotation: { -readonly [K in keyof RotationPolicy]?: RotationPolicy[K] } = {};
    let port: number | undefined;
    let host: string | undefined;
    let trust: string | undefined;
    for (const setting of deploy.settings) {
        if (ast.isPortSetting(setting)) port = setting.port;
        else if (ast.isHostSetting(setting)) host = unquote(setting.host);
        else if (ast.isTrustSetting(setting)) trust = unquote(setting.file);
        else if (ast.isRotationSetting(setting)) {
            if (setting.strategy !== 'warm') problems.push(`rotation '${setting.strategy}' is not supported; use 'rotation warm { … }'`);
            for (const option of setting.options) {
                const known = rotationOptions[option.name];
                if (!known) {
                    problems.push(`unknown rotation option '${option.name}' (known: ${Object.keys(rotationOptions).join(', ')})`);
                    continue;
                }
                const value = ast.isQuantityLiteral(option.value) ? analysis.quantityOf(option.value) : undefined;
                if (value === undefined || !known.check(value)) {
                    problems.push(`rotation option '${option.name}' must be ${known.expected}`);
                    continue;
                }
                rotation[known.field] = value * known.scale;
            }
        }
    }
    return {
        name: deploy.name,
        model: deploy.model.ref?.name ?? deploy.model.$refText,
        ...(port !== undefined ? { port } : {}),
        ...(host !== undefined ? { host } : {}),
        ...(trust !== undefined ? { trust } : {}),
        rotation,
        problems
    };
}

function unquote(text: string): string {
    return text.startsWith('"') && text.endsWith('"') ? JSON.parse(text) as string : text;
}
