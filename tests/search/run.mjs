#!/usr/bin/env node
// The search query table (tests/search/queries.json) run by the theme's own search.js, the code
// browsers run: each site of the table is built with loa into a temporary folder, its index is
// read from disk through search.js's Index, and every query's results are checked. The Rust
// reader (tests/testsuite/search.rs) checks the same table, so the two cannot drift apart.
//
//   node tests/search/run.mjs --loa target/debug/loa
//
// Standard library only; no browser.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.join(import.meta.dirname, '..', '..');
const engine = require(path.join(ROOT, 'themes', 'default', 'static', 'search.js'));

const args = process.argv.slice(2);
const at = args.indexOf('--loa');
if (at < 0 || !args[at + 1]) {
  console.error('usage: node tests/search/run.mjs --loa PATH_TO_LOA [--table FILE]');
  process.exit(2);
}
const loa = path.resolve(args[at + 1]);
const tableAt = args.indexOf('--table');
const tableFile = tableAt >= 0 ? args[tableAt + 1] : path.join(import.meta.dirname, 'queries.json');
const table = JSON.parse(fs.readFileSync(tableFile, 'utf8'));

/** Builds one site of the table; returns its search folder. */
function build(site, tmp) {
  const root = path.join(tmp, 'site');
  if (site.fixture) fs.cpSync(path.join(ROOT, 'tests', 'fixtures', site.fixture), root, { recursive: true });
  else fs.cpSync(path.join(ROOT, site.content), path.join(root, 'content'), { recursive: true });
  const out = path.join(tmp, 'public');
  execFileSync(loa, ['build', '--root', root, '--out', out, '--now', site.now], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  return path.join(out, 'tim-kiem');
}

/** One query as a browser runs it: matches, the first page shown, and the files fetched. */
async function search(dir, q, filters) {
  const fetched = [];
  const index = new engine.Index((p) => {
    const bytes = fs.readFileSync(path.join(dir, p));
    fetched.push([p, bytes.length]);
    return Promise.resolve(new Uint8Array(bytes));
  });
  await index.open();
  const result = await index.run(q, filters || {});
  const page = await index.page(result, 0, engine.PAGE);
  return { matches: result.hits.length, shown: page.shown, fetched };
}

const words = (text) => (text || '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
const titles = (o) => o.shown.map((f) => f.t);

/** The failures of one query of the table: an empty list when it holds. */
async function check(dir, entry) {
  const o = await search(dir, entry.q, entry.filters);
  const other = (q) => search(dir, q);
  const fail = [];
  const expect = (ok, what) => { if (!ok) fail.push(what); };
  if ('matches' in entry) expect(o.matches === entry.matches, `matches ${o.matches}, want ${entry.matches}`);
  if ('min_matches' in entry) expect(o.matches >= entry.min_matches, `matches ${o.matches} < ${entry.min_matches}`);
  if ('shown' in entry) expect(o.shown.length === entry.shown, `shown ${JSON.stringify(titles(o))}`);
  if ('min_shown' in entry) expect(o.shown.length >= entry.min_shown, `shown ${o.shown.length} < ${entry.min_shown}`);
  if ('first_title' in entry) expect(o.shown[0]?.t === entry.first_title, `first ${o.shown[0]?.t}`);
  if ('first_title_has' in entry) {
    expect((o.shown[0]?.t || '').toLowerCase().includes(entry.first_title_has), `first ${o.shown[0]?.t}`);
  }
  if ('shown_text_has' in entry) {
    expect(o.shown.some((f) => (f.x || '').includes(entry.shown_text_has)), `no text has ${entry.shown_text_has}`);
  }
  if ('phrase_in_each' in entry) {
    for (const f of o.shown) {
      expect([f.t, f.s, f.x].some((t) => words(t).includes(entry.phrase_in_each)), `${f.t} lacks the phrase`);
    }
  }
  if ('same_shown_as' in entry) {
    const b = await other(entry.same_shown_as);
    expect(JSON.stringify(titles(o)) === JSON.stringify(titles(b)), `not the results of ${entry.same_shown_as}`);
  }
  if ('same_matches_as' in entry) {
    const b = await other(entry.same_matches_as);
    expect(o.matches === b.matches, `matches ${o.matches}, ${entry.same_matches_as} has ${b.matches}`);
  }
  if ('fewer_matches_than' in entry) {
    const b = await other(entry.fewer_matches_than);
    expect(o.matches < b.matches, `matches ${o.matches}, not fewer than ${b.matches} of ${entry.fewer_matches_than}`);
  }
  const index = o.fetched.filter(([p]) => !p.startsWith('f/')).reduce((s, [, n]) => s + n, 0);
  const all = o.fetched.reduce((s, [, n]) => s + n, 0);
  const shards = o.fetched.filter(([p]) => p.startsWith('s/')).length;
  if ('max_shard_files' in entry) expect(shards <= entry.max_shard_files, `${shards} shard files`);
  if ('max_index_bytes' in entry) expect(index <= entry.max_index_bytes, `${index} bytes of index`);
  if ('max_bytes' in entry) expect(all <= entry.max_bytes, `${all} bytes in all`);
  return fail;
}

let failures = 0;
let count = 0;
for (const site of table.sites) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-search-'));
  try {
    const dir = build(site, tmp);
    for (const entry of site.queries) {
      count++;
      const fail = await check(dir, entry);
      const label = `${site.name}: ${entry.q}${entry.filters ? ' ' + JSON.stringify(entry.filters) : ''}`;
      if (fail.length) {
        failures++;
        console.log(`FAIL ${label}: ${fail.join('; ')}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(`search.js: ${count - failures} of ${count} queries of ${path.relative(ROOT, tableFile)} as expected`);
process.exit(failures ? 1 : 0);
