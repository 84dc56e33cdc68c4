// Number formatting shared by the status bar, notifications and the panel's webview.

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units with three significant digits: 1536 → "1.50 KiB". */
export function formatBytes(bytes: number): string {
    if (!Number.isFinite(bytes)) return '—';
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    if (unit === 0) return `${Math.round(value)} B`;
    return `${value.toPrecision(3)} ${BINARY_UNITS[unit]}`;
}

/** A fraction in [0, 1] as a percentage with one decimal: 0.9512 → "95.1%". */
export function formatAccuracy(fraction: number): string {
    return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : '—';
}

/** A loss with four significant digits, or scientific notation when tiny or huge. */
export function formatLoss(loss: number): string {
    if (!Number.isFinite(loss)) return String(loss);
    const magnitude = Math.abs(loss);
    return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? loss.toExponential(3) : loss.toPrecision(4);
}

/** Milliseconds as "850 ms", "12.3 s" or "4 min 05 s". */
export function formatDuration(ms: number): string {
    if (!Number.isFinite(ms)) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    const seconds = Math.round((ms % 60_000) / 1000);
    return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
