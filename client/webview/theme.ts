// Colours from the VS Code theme: webviews receive the theme as CSS variables on <html> and a
// `vscode-light` / `vscode-dark` / `vscode-high-contrast` class on <body> that changes live.

/** The value of a theme variable such as `--vscode-charts-blue`, or `fallback`. */
export function themeColor(variable: string, fallback: string): string {
    const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
    return value === '' ? fallback : value;
}

/** Calls `onChange` whenever the user switches theme. */
export function onThemeChange(onChange: () => void): void {
    new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
