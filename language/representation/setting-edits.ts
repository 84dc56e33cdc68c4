// Quick fixes that change one setting of a train block — its gradient mode, batch, accumulate_steps or format: the
// setting's value is replaced when the block writes it, or a line with the setting is added before
// the block's closing brace, indented like the block's other settings.
import { AstUtils } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { DistillDecl, TrainDecl } from '../generated/ast.js';
import { isFormatSetting, isGradientSetting, isValueSetting } from '../generated/ast.js';

/** A replacement of a source range. */
export interface SourceEdit {
    readonly range: Range;
    readonly newText: string;
}

/** A quick fix: a title and its edits (all in the document the diagnostic is in). */
export interface QuickFix {
    readonly title: string;
    readonly edits: readonly SourceEdit[];
}

/** A setting to write: which one and its new text. */
export type SettingChange =
    | { readonly setting: 'gradient'; readonly text: string }
    | { readonly setting: 'batch'; readonly value: number }
    | { readonly setting: 'accumulate_steps'; readonly value: number }
    | { readonly setting: 'format'; readonly format: string };

/** The edit that gives a training block the setting. */
export function settingEdit(training: TrainDecl | DistillDecl, change: SettingChange): SourceEdit | undefined {
    const document = AstUtils.getDocument(training);
    const existing = existingValue(training, change.setting);
    const text = change.setting === 'gradient' ? change.text : change.setting === 'format' ? change.format : String(change.value);
    if (existing !== undefined) return { range: existing, newText: text };
    const close = training.$cstNode?.end;
    if (close === undefined) return undefined;
    const source = document.textDocument.getText();
    const brace = source.lastIndexOf('}', close);
    if (brace < 0) return undefined;
    const lineStart = source.lastIndexOf('\n', brace - 1) + 1;
    const firstSetting = training.settings[0]?.$cstNode;
    const indent = firstSetting !== undefined ? ' '.repeat(firstSetting.range.start.character) : '  ';
    const braceOnOwnLine = source.slice(lineStart, brace).trim() === '';
    const position = document.textDocument.positionAt(braceOnOwnLine ? lineStart : brace);
    const line = `${indent}${change.setting} ${text}`;
    return { range: { start: position, end: position }, newText: braceOnOwnLine ? `${line}\n` : ` ${line.trim()} ` };
}

// The range of a setting's value as the block writes it (the first one: duplicates are PHG6009).
function existingValue(training: TrainDecl | DistillDecl, setting: SettingChange['setting']): Range | undefined {
    for (const item of training.settings) {
        if (setting === 'gradient' && isGradientSetting(item)) return item.mode?.$cstNode?.range;
        if (setting === 'format' && isFormatSetting(item) && item.target === undefined) return item.format?.$cstNode?.range;
        if ((setting === 'batch' || setting === 'accumulate_steps') && isValueSetting(item) && item.key === setting) return item.value?.$cstNode?.range;
    }
    return undefined;
}
