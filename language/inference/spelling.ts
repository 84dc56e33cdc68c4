// "Did you mean …?" for misspelt names: the closest candidate by edit distance, if close enough.

/** The candidate nearest to `name` (at most a third of its letters changed), if any. */
export function closestName(name: string | undefined, candidates: Iterable<string>): string | undefined {
    if (!name) return undefined;
    let best: string | undefined;
    let bestDistance = Math.max(1, Math.floor(name.length / 3));
    for (const candidate of candidates) {
        // Case counts (`ms` and `Ms` are different units) but costs less than another letter.
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase()) + (name === candidate ? 0 : editDistance(name, candidate) > editDistance(name.toLowerCase(), candidate.toLowerCase()) ? 0.5 : 0);
        if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** Edit distance where swapping two neighbouring letters costs one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
    const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        const previous = rows[i - 1] ?? [];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
            current[j] = best;
        }
        rows.push(current);
    }
    return rows[a.length]?.[b.length] ?? 0;
}
