// Draws the extension's icon (icon.png, 128×128): a small hypergraph — three value nodes joined
// by one hyperedge into a target — on a rounded dark tile. Rerun after a change:
//   node client/media/draw-icon.mjs
// Plain Node (zlib + a CRC) so the icon needs no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges

const tile = { radius: 26, top: [32, 36, 58], bottom: [18, 20, 34] };
const edge = [120, 200, 255];
const nodes = [
    { x: 30, y: 36, r: 11, color: [255, 196, 87] },
    { x: 30, y: 92, r: 11, color: [255, 196, 87] },
    { x: 58, y: 64, r: 8, color: [120, 200, 255] },
    { x: 98, y: 64, r: 15, color: [137, 209, 133] }
];
const segments = [[0, 2], [1, 2], [2, 3]].map(([a, b]) => [nodes[a], nodes[b]]);

function insideRoundedTile(x, y) {
    const r = tile.radius;
    const cx = Math.min(Math.max(x, r), SIZE - r);
    const cy = Math.min(Math.max(y, r), SIZE - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(x, y, a, b) {
    const dx = b.x - a.x, dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy));
}

/** The colour (RGBA) of one sample point. */
function sample(x, y) {
    if (!insideRoundedTile(x, y)) return [0, 0, 0, 0];
    const t = y / SIZE;
    let color = tile.top.map((c, i) => c + (tile.bottom[i] - c) * t);
    if (segments.some(([a, b]) => distanceToSegment(x, y, a, b) <= 3)) color = edge;
    for (const n of nodes) {
        const d = Math.hypot(x - n.x, y - n.y);
        if (d <= n.r + 2.5 && d > n.r) color = tile.bottom; // a dark ring separates node and edge
        if (d <= n.r) color = n.color;
    }
    return [...color, 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // PNG filter: none
    for (let x = 0; x < SIZE; x++) {
        const sum = [0, 0, 0, 0];
        for (let sy = 0; sy < SAMPLES; sy++) for (let sx = 0; sx < SAMPLES; sx++) {
            const c = sample(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
            for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3];
            sum[3] += c[3];
        }
        const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
        const alpha = sum[3] / (SAMPLES * SAMPLES);
        for (let i = 0; i < 3; i++) raw[offset + i] = sum[3] === 0 ? 0 : Math.round(sum[i] / sum[3]);
        raw[offset + 3] = Math.round(alpha);
    }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});
function crc32(buffer) {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
