#!/usr/bin/env node
// The live preview in a real browser (issue 6): `loa serve` on a copy of the demo portal,
// headless Chromium on an article. Editing the Markdown shows the new text without a manual
// reload, at the same scroll position; breaking the front matter shows the overlay naming the
// file, line and fix; fixing it brings the page back. All of it under the theme's strict CSP,
// and `loa build` output never contains the reload script. Prints `N passed, N failed` last.
//
//   node tests/standards/serve.mjs [--loa target/debug/loa] [--shots DIR]

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..', '..');
const NOW = '2026-11-22T08:00:00';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTICLE = 'tin-tuc/tro-cap-that-nghiep-dieu-kien-va-thu-tuc';
const NEW_TEXT = 'Đoạn này vừa được biên tập viên thêm trong lúc xem trước.';

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

let passed = 0;
let failed = 0;
function expect(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok    ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${name}${detail ? `: ${detail}` : ''}`);
  }
}

/** Polls `f` (which may throw while the page reloads) until it returns true or `ms` pass. */
async function until(f, ms = 30000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await f()) return true;
    } catch {
      // The page is reloading; try again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const loa = path.resolve(ROOT, argValue('--loa') ?? 'target/debug/loa');
const shots = argValue('--shots');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-serve-'));
const site = path.join(tmp, 'site');
fs.cpSync(path.join(ROOT, 'content'), path.join(site, 'content'), { recursive: true });
const file = path.join(site, 'content', `${ARTICLE}.md`);
const original = fs.readFileSync(file, 'utf8');

let server;
let browser;
try {
  // `loa build` output never contains the reload script.
  const out = path.join(tmp, 'public');
  const build = spawnSync(loa, ['build', '--root', site, '--now', NOW, '--out', out], { encoding: 'utf8' });
  expect('loa build succeeds', build.status === 0, build.stderr);
  const leaks = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (fs.readFileSync(p).includes('__loa')) leaks.push(path.relative(out, p));
    }
  };
  if (build.status === 0) walk(out);
  expect('no file of loa build mentions the reload script', leaks.length === 0, leaks.slice(0, 5).join(', '));

  server = spawn(loa, ['serve', '--root', site, '--now', NOW, '--port', '18611'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`loa serve did not start: ${output.join('\n')}`)), 120000);
    for (const stream of [server.stdout, server.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const m = line.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
    }
    server.on('exit', (code) => reject(new Error(`loa serve exited (${code}): ${output.join('\n')}`)));
  });

  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(String(e)));
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  await page.goto(`${url}/${ARTICLE}/`);
  expect('the article opens with the reload script', (await page.locator('script[src="/__loa/reload.js"]').count()) === 1);
  // Give the event stream a moment to connect.
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 600));
  await page.waitForTimeout(200);

  // 1. Edit the Markdown: the new text shows without a manual reload, at the same place.
  const loadsBefore = loads;
  const linesBefore = output.length;
  fs.writeFileSync(file, original.replace(/\n\+\+\+\n\n/, `\n+++\n\n${NEW_TEXT}\n\n`));
  const shown = await until(() => page.evaluate((t) => document.body.innerText.includes(t), NEW_TEXT));
  expect('an edit of the Markdown shows in the browser by itself', shown);
  const y = await until(() => page.evaluate(() => Math.abs(window.scrollY - 600) < 5), 5000);
  expect('the page keeps its scroll position after the reload', y, String(await page.evaluate(() => window.scrollY)));
  // The page comes first; the rest of the site (lists, feeds, search index) follows and does
  // not reload it again.
  const settled = await until(() => output.slice(linesBefore).some((l) => /dựng lại trong|rebuilt in/.test(l)));
  await page.waitForTimeout(700);
  expect(
    'the edited page reloads once, not again when the rest of the site is rebuilt',
    settled && loads - loadsBefore === 1,
    `${loads - loadsBefore} loads; settled: ${settled}`,
  );

  // 2. Break the front matter: the overlay names the file, the line and the fix.
  fs.writeFileSync(file, original.replace('+++\n', '+++\nngay_dang = 2025-10-08\n'));
  const overlay = await until(() => page.locator('#loa-overlay').isVisible());
  const text = overlay ? await page.locator('#loa-overlay').innerText() : '';
  expect('broken front matter shows the overlay', overlay);
  expect('the overlay names the file and line', text.includes(`content/${ARTICLE}.md:2:`), text);
  expect('the overlay gives the fix', /Gợi ý:/.test(text), text);
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'serve-overlay.png') });
  }

  // 3. Fix it: the overlay goes and the page is back, with the edit.
  fs.writeFileSync(file, original.replace(/\n\+\+\+\n\n/, `\n+++\n\n${NEW_TEXT} Đã sửa.\n\n`));
  const back = await until(async () => !(await page.locator('#loa-overlay').count())
    && page.evaluate((t) => document.body.innerText.includes(t), `${NEW_TEXT} Đã sửa.`));
  expect('fixing the file removes the overlay and shows the page', back);
  expect('no Content-Security-Policy violation or script error', violations.length === 0, violations.join(' | '));
  expect('the server is still running', server.exitCode === null);
} catch (e) {
  expect('the live preview test ran', false, e.stack);
} finally {
  await browser?.close();
  server?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`serve: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
