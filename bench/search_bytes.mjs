#!/usr/bin/env node
// Bytes one search transfers: runs the theme's own search.js (the code browsers run) against
// a built site's index on disk and counts every file it fetches for a query and the first page
// of results, raw and gzipped (level 6, files of 512 bytes or more: as the README's nginx
// serves the index).
//
//   node bench/search_bytes.mjs PUBLIC_DIR [--lang-prefix /en] [QUERY ...]
//
// Without queries it runs a fixed set of typical ones. Standard library only.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const HERE = import.meta.dirname;
const engine = require(path.join(HERE, '..', 'themes', 'default', 'static', 'search.js'));

const args = process.argv.slice(2);
if (!args.length || args[0] === '--help') {
  console.log('usage: node bench/search_bytes.mjs PUBLIC_DIR [--folder tim-kiem] [QUERY ...]');
  process.exit(args.length ? 0 : 2);
}
const pub = args.shift();
let folder = 'tim-kiem';
if (args[0] === '--folder') {
  args.shift();
  folder = args.shift();
}
const QUERIES = args.length ? args : [
  'bao hiem',
  'dong',
  'bảo hiểm xã hội',
  '"bảo hiểm xã hội"',
  'the bhyt het han',
  'thai sản',
  '"chế độ thai sản"',
  'vssid',
  'luong huu hang thang',
  'tro cap that nghiep',
];
const dir = path.join(pub, folder);

function measure(q, filters) {
  const fetched = [];
  const index = new engine.Index((p) => {
    const bytes = fs.readFileSync(path.join(dir, p));
    fetched.push({ p, raw: bytes.length, gz: bytes.length >= 512 ? zlib.gzipSync(bytes, { level: 6 }).length : bytes.length });
    return Promise.resolve(new Uint8Array(bytes));
  });
  const t0 = process.hrtime.bigint();
  return index.open()
    .then(() => index.run(q, filters))
    .then((result) => index.page(result, 0, engine.PAGE).then((page) => ({ result, page })))
    .then(({ result, page }) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const sum = (k, f = () => true) => fetched.filter(f).reduce((s, x) => s + x[k], 0);
      const isShard = (x) => !x.p.startsWith('f/');
      return {
        q, matches: result.hits.length, shown: page.shown.length, files: fetched.length,
        raw: sum('raw'), gz: sum('gz'), shards: sum('raw', isShard), frags: sum('raw', (x) => x.p.startsWith('f/')),
        fragsGz: sum('gz', (x) => x.p.startsWith('f/')), ms, top: page.shown[0]?.t,
      };
    });
}

const KB = (n) => `${(n / 1024).toFixed(1)} KB`;
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
console.log(`${dir}: ${manifest.n} documents, ${manifest.s} shards`);
console.log('| query | matches | files | index (raw) | fragments (raw / gzip) | total raw | total gzipped | top result |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const rows = [];
for (const q of QUERIES) {
  const r = await measure(q);
  rows.push(r);
  console.log(`| ${q} | ${r.matches} | ${r.files} | ${KB(r.shards)} | ${KB(r.frags)} / ${KB(r.fragsGz)} | ${KB(r.raw)} | ${KB(r.gz)} | ${r.top ?? '–'} |`);
}
const audience = manifest.filters.a?.[0];
if (audience) {
  const r = await measure(QUERIES[0], { a: audience[0] });
  console.log(`| ${QUERIES[0]} + audience ${audience[0]} | ${r.matches} | ${r.files} | ${KB(r.shards)} | ${KB(r.frags)} / ${KB(r.fragsGz)} | ${KB(r.raw)} | ${KB(r.gz)} | ${r.top ?? '–'} |`);
  rows.push(r);
}
const worst = rows.reduce((a, b) => (b.raw > a.raw ? b : a));
console.log(`largest: "${worst.q}" ${KB(worst.raw)} raw, ${KB(worst.gz)} gzipped`);
