// A quire as one bigint: the exact sum as an integer multiple of 2^lsbExponent. Exact for every
// format and any number of terms; the slow reference path (64-bit formats, float64, read-out).
import type { Dyadic, NumericFormat, Pattern, Quire } from '../format.js';
import { dyadicFromNumber, dyadicToDecimal, mulDyadic, normalizeDyadic, scaledNumerator } from '../dyadic.js';

/** A bigint quire: every term must be a multiple of 2^lsbExponent (true of all products of the format's values). */
export class BigQuire implements Quire {
    private sum = 0n;
    private poisoned = false;

    constructor(readonly format: NumericFormat, private readonly lsbExponent: number) {}

    get isNaR(): boolean {
        return this.poisoned;
    }

    clear(): void {
        this.sum = 0n;
        this.poisoned = false;
    }

    addPattern(pattern: Pattern): void {
        this.addDyadic(this.format.toDyadic(pattern), false);
    }

    subPattern(pattern: Pattern): void {
        this.addDyadic(this.format.toDyadic(pattern), true);
    }

    addProduct(a: Pattern, b: Pattern): void {
        this.addProductOf(this.format.toDyadic(a), this.format.toDyadic(b), false);
    }

    subProduct(a: Pattern, b: Pattern): void {
        this.addProductOf(this.format.toDyadic(a), this.format.toDyadic(b), true);
    }

    addValue(value: number): void {
        this.addDyadic(Number.isFinite(value) ? dyadicFromNumber(value) : undefined, false);
    }

    addValueProduct(a: number, b: number): void {
        const finite = Number.isFinite(a) && Number.isFinite(b);
        this.addProductOf(finite ? dyadicFromNumber(a) : undefined, finite ? dyadicFromNumber(b) : undefined, false);
    }

    addQuire(other: Quire): void {
        if (other instanceof BigQuire) {
            this.poisoned ||= other.poisoned;
            this.sum += other.sum;
            return;
        }
        this.addDyadic(other.toDyadic(), false);
    }

    /** Adds an exact dyadic (undefined is NaR), negated when `subtract`. */
    addDyadic(value: Dyadic | undefined, subtract: boolean): void {
        if (value === undefined) {
            this.poisoned = true;
            return;
        }
        if (value.magnitude === 0n) return;
        const term = scaledNumerator(value, this.lsbExponent);
        this.sum += subtract ? -term : term;
    }

    private addProductOf(a: Dyadic | undefined, b: Dyadic | undefined, subtract: boolean): void {
        this.addDyadic(a === undefined || b === undefined ? undefined : mulDyadic(a, b), subtract);
    }

    toDyadic(): Dyadic | undefined {
        if (this.poisoned) return undefined;
        const negative = this.sum < 0n;
        return normalizeDyadic({ negative, magnitude: negative ? -this.sum : this.sum, exponent: this.lsbExponent });
    }

    round(): Pattern {
        const value = this.toDyadic();
        return value === undefined ? this.format.nar : this.format.roundDyadic(value);
    }

    toExactString(): string {
        const value = this.toDyadic();
        return value === undefined ? 'NaR' : dyadicToDecimal(value);
    }
}
