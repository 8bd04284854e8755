#!/usr/bin/env node
// The standards gate of the default theme and the demo portal (issue 3): builds content/ at a
// fixed instant, serves it with real nginx using the configuration documented in README.md,
// and holds it to what public portals are audited against: the Nu HTML Checker, axe-core in
// headless Chromium at 320 and 1280 px, the page-weight budget, pages that work without
// JavaScript, and a strict Content-Security-Policy. Prints `N passed, N failed` last and exits
// non-zero when anything failed.
//
//   node tests/standards/run.mjs [--loa target/debug/loa] [--shots DIR] [--only axe,nojs,...]
//
// --shots DIR also saves a full-page screenshot of every page kind at both widths, and the first
// screen at 360×640 and 1280×800 (firstscreen.mjs).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..', '..');
const NOW = '2026-11-22T08:00:00';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const NGINX = process.env.NGINX || (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
const WIDTHS = [320, 1280];
const KB = 1024;
const BUDGET = { html: 50 * KB, css: 30 * KB, js: 30 * KB, total: 150 * KB };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

// One page of every kind the theme has (DESIGN.md), as the demo portal builds them at NOW.
const PAGES = [
  ['home', '/'],
  ['article', '/tin-tuc/tro-cap-that-nghiep-dieu-kien-va-thu-tuc/'],
  ['republished article', '/tin-tuc/to-van-dong-bhxh-bhyt-o-thon-ban/'],
  ['section list', '/tin-tuc/'],
  ['section list, page 2', '/tin-tuc/trang/2/'],
  ['Q&A list', '/hoi-dap/'],
  ['Q&A', '/hoi-dap/lam-sao-biet-the-bhyt-con-han/'],
  ['standalone page', '/gioi-thieu/'],
  ['contact page', '/lien-he/'],
  ['contact page made from [agency]', '/en/lien-he/'],
  ['infographic gallery', '/infographic/'],
  ['infographic gallery filtered by audience', '/infographic/loc/doi-tuong/hoc-sinh-sinh-vien/'],
  ['infographic', '/infographic/ty-le-dong-bao-hiem-bat-buoc/'],
  ['raster infographic, responsive picture', '/infographic/bhxh-tu-nguyen-qua-cac-nam/'],
  ['infographic with a portrait version for phones', '/infographic/muc-dong-bhyt-ho-gia-dinh/'],
  ['self-hosted video with captions', '/video/cai-dat-vssid/'],
  ['YouTube video, poster and play link', '/video/tra-cuu-qua-trinh-dong-bhxh-tren-vssid/'],
  ['videos', '/video/'],
  ['photo story', '/phong-su-anh/mot-ngay-o-bo-phan-mot-cua/'],
  ['article with a cover and an embedded infographic', '/tin-tuc/nong-dan-ngu-dan-cung-co-the-co-luong-huu/'],
  ['audiences', '/doi-tuong/'],
  ['audience', '/doi-tuong/bhxh-tu-nguyen-bhyt-ho-gia-dinh/'],
  ['campaigns', '/chien-dich/'],
  ['campaign under way', '/chien-dich/nuoc-rut-cuoi-nam/'],
  ['campaign to come', '/chien-dich/thang-bhxh-toan-dan/'],
  ['calendar', '/lich/'],
  ['topics', '/chu-de/'],
  ['topic', '/chu-de/bhyt/'],
  ['search', '/tim-kiem/'],
  ['legal documents table', '/van-ban/'],
  ['legal documents filtered by type, sorted by number', '/van-ban/loai/luat/xep/so-hieu/'],
  ['legal document with an attachment', '/van-ban/ke-hoach-truyen-thong-2026/'],
  ['legal document replaced by another', '/van-ban/luat-bhxh-2014/'],
  ['404', '/khong-co-trang-nay/'],
  ['English home, with the language switcher', '/en/'],
  ['English article, with Vietnamese fallbacks marked', '/en/tin-tuc/cai-dat-va-dang-nhap-ung-dung-vssid/'],
];

// ---------------------------------------------------------------------------------------------
// Results

const results = [];
const only = argValue('--only')?.split(',');

function record(name, problems) {
  const ok = problems.length === 0;
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  for (const p of problems.slice(0, 40)) console.log(`       ${p}`);
  if (problems.length > 40) console.log(`       … and ${problems.length - 40} more`);
  return ok;
}

async function check(group, name, fn) {
  // The steps everything else stands on always run.
  if (only && !only.includes(group) && !['build', 'nginx', 'browser'].includes(group)) return;
  let problems;
  try {
    problems = (await fn()) ?? [];
  } catch (e) {
    problems = [`threw: ${e?.stack || e}`];
  }
  record(name, problems);
}

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Files of the built site

function walk(dir, base = dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

const isRedirect = (html) => /http-equiv=["']?refresh/i.test(html);
const text = (html) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};
const metaContent = (html, key) => {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (attr(tag, 'property') === key || attr(tag, 'name') === key) return attr(tag, 'content');
  }
  return undefined;
};

/** Every rule the static HTML of one page must follow; returns the problems found. */
function pageProblems(rel, html) {
  const p = [];
  const say = (msg) => p.push(`${rel}: ${msg}`);
  if (!/^<!doctype html>/i.test(html)) say('no doctype');
  const htmlTag = html.match(/<html\b[^>]*>/i)?.[0] ?? '';
  if (!attr(htmlTag, 'lang')) say('<html> has no lang');
  // CSP default-src 'self': no inline script, style element, style attribute or handler.
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) if (!attr(tag, 'src')) say('inline <script>');
  if (/<style\b/i.test(html)) say('<style> element');
  for (const tag of html.match(/<[a-z][a-z0-9-]*\b[^>]*>/gi) ?? []) {
    if (/\sstyle=/i.test(tag)) say(`style attribute: ${tag.slice(0, 80)}`);
    if (/\son[a-z]+=/i.test(tag)) say(`event handler attribute: ${tag.slice(0, 80)}`);
  }
  if (/href=["']?javascript:/i.test(html)) say('javascript: URL');
  if (isRedirect(html)) {
    if (!/rel=["']?canonical/i.test(html)) say('redirect page without canonical link');
    return p;
  }
  // Headings: one h1, no skipped level.
  const levels = [...html.matchAll(/<h([1-6])\b/gi)].map((m) => Number(m[1]));
  const h1s = levels.filter((l) => l === 1).length;
  if (h1s !== 1) say(`${h1s} h1 elements`);
  let prev = 0;
  for (const l of levels) {
    if (l > prev + 1) say(`heading level skipped: h${prev} → h${l}`);
    prev = l;
  }
  // Landmarks, skip link, help in the same place.
  if (!/<main\b[^>]*\sid=["']?noi-dung/i.test(html)) say('no <main id=noi-dung>');
  if (!/<a\b[^>]*class=["']?skip-link[^>]*href=["']?#noi-dung/i.test(html) && !/<a\b[^>]*href=["']?#noi-dung[^>]*class=["']?skip-link/i.test(html)) say('no skip link to #noi-dung');
  if (!/<header\b/i.test(html) || !/<footer\b/i.test(html) || !/<nav\b/i.test(html)) say('a landmark (header, nav, footer) is missing');
  const help = html.match(/<(?:p|div|ul)\b[^>]*class=["']?help\b[^>]*>.*?<\/(?:p|div|ul)>/i)?.[0];
  // The Q&A of the page's language: /hoi-dap/, or /en/hoi-dap/ on an English page.
  if (!help || !/href=["']?tel:/i.test(help) || !/href=["']?(\/[a-z]{2,3}(-[a-z0-9]+)*)?\/hoi-dap\//i.test(help)) say('no hotline and Q&A links in the header help block');
  // A home page (the root, or a language's: en/index.html) has no breadcrumbs.
  if (!/^([a-z]{2,3}\/)?index\.html$/.test(rel) && !/class=["']?breadcrumbs/i.test(html)) say('no breadcrumbs');
  // Sharing cards.
  for (const key of ['og:title', 'og:description', 'og:url', 'og:type', 'og:locale', 'og:site_name', 'twitter:card', 'description']) {
    if (!metaContent(html, key)) say(`no ${key}`);
  }
  for (const tag of html.match(/<img\b[^>]*>/gi) ?? []) {
    if (!/\salt(?:=|\s|>|\/)/i.test(tag)) say(`<img> without alt: ${tag.slice(0, 80)}`);
    if (!attr(tag, 'width') || !attr(tag, 'height')) say(`<img> without width and height: ${tag.slice(0, 80)}`);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// nginx with the README's configuration

function readmeBlock(marker) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- standards-gate: ${marker} -->`);
  if (at < 0) throw new Error(`README.md has no "<!-- standards-gate: ${marker} -->" block`);
  const m = readme.slice(at).match(/```[a-z]*\n([\s\S]*?)```/);
  if (!m) throw new Error(`no code block after the ${marker} marker in README.md`);
  return m[1];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startNginx(portal) {
  const port = await freePort();
  const site = readmeBlock('nginx')
    .replaceAll('/var/www/loa', portal)
    .replace(/^\s*listen\s+\[::\]:80;\s*$/m, '')
    .replace(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${port};`);
  const confDir = path.join(portal, 'nginx');
  fs.mkdirSync(path.join(confDir, 'tmp'), { recursive: true });
  const mime = ['/etc/nginx/mime.types'].find(fs.existsSync);
  const conf = `
worker_processes 1;
pid ${confDir}/nginx.pid;
error_log ${confDir}/error.log warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 256; }
http {
  ${mime ? `include ${mime};` : ''}
  default_type application/octet-stream;
  access_log ${confDir}/access.log;
  client_body_temp_path ${confDir}/tmp/body;
  proxy_temp_path ${confDir}/tmp/proxy;
  fastcgi_temp_path ${confDir}/tmp/fastcgi;
  uwsgi_temp_path ${confDir}/tmp/uwsgi;
  scgi_temp_path ${confDir}/tmp/scgi;
  sendfile on;
${site}
}
`;
  const confFile = path.join(confDir, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  const test = spawnSync(NGINX, ['-t', '-p', confDir, '-c', confFile], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
  const proc = spawn(NGINX, ['-p', confDir, '-c', confFile, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${origin}/`);
      return { proc, origin, confDir };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill();
  throw new Error('nginx did not answer within 10 s');
}

// ---------------------------------------------------------------------------------------------
// The gate

async function main() {
  const loa = path.resolve(ROOT, argValue('--loa') ?? 'target/debug/loa');
  const shots = argValue('--shots');
  const portal = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-standards-'));
  fs.chmodSync(portal, 0o755);
  const pub = path.join(portal, 'public');
  let nginx;
  let browser;
  const cleanup = () => {
    nginx?.proc.kill();
    if (!process.env.KEEP) fs.rmSync(portal, { recursive: true, force: true });
  };
  // nginx must not outlive the gate, however the gate ends (a closed pipe, Ctrl-C, a kill).
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }

  try {
    // 1. Build the demo portal at a fixed instant.
    let built = false;
    await check('build', `loa build --now ${NOW} of the demo portal`, () => {
      const r = spawnSync(loa, ['build', '--root', ROOT, '--now', NOW, '--out', pub], { encoding: 'utf8' });
      built = r.status === 0;
      return built ? [] : [`exit ${r.status}: ${r.stderr || r.error}`];
    });
    if (!built) return;
    const files = walk(pub);
    const htmlFiles = files.filter((f) => f.endsWith('.html'));
    const pages = new Map(htmlFiles.map((f) => [f, fs.readFileSync(path.join(pub, f), 'utf8')]));

    // 2. Static rules on every page.
    await check('static', `every page (${htmlFiles.length}): lang, headings, landmarks, help, breadcrumbs, sharing tags, alt text, no inline script or style`, () =>
      [...pages].flatMap(([rel, html]) => pageProblems(rel, html)),
    );
    await check('static', 'the hotline and Q&A links are the same on every page of a language (WCAG 3.2.6)', () => {
      // The same on every page of one language (each language has its own words and Q&A).
      const byLang = new Map();
      for (const [rel, html] of pages) {
        if (isRedirect(html)) continue;
        const lang = html.match(/<html\b[^>]*\blang=["']?([^"'\s>]+)/i)?.[1] ?? '(none)';
        const help = html.match(/<(?:p|div|ul)\b[^>]*class=["']?help\b[^>]*>.*?<\/(?:p|div|ul)>/i)?.[0] ?? '(none)';
        if (!byLang.has(lang)) byLang.set(lang, new Map());
        const blocks = byLang.get(lang);
        if (!blocks.has(help)) blocks.set(help, rel);
      }
      return [...byLang.values()].flatMap((blocks) =>
        blocks.size === 1 ? [] : [...blocks].map(([b, rel]) => `${rel}: ${b.slice(0, 160)}`));
    });
    await check('static', 'articles show a Vietnamese date and plain share links for Facebook and Zalo', () => {
      const p = [];
      for (const [rel, html] of pages) {
        if (!/^(tin-tuc|hoi-dap|infographic)\/[^/]+\/index\.html$/.test(rel) || rel.includes('/trang/')) continue;
        if (!/Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật/.test(html)) p.push(`${rel}: no Vietnamese weekday in a date`);
        if (!/\d{2}\/\d{2}\/\d{4}/.test(html)) p.push(`${rel}: no dd/mm/yyyy date`);
        if (!/href=["']?https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=/.test(html)) p.push(`${rel}: no Facebook share link`);
        if (!/href=["']?https:\/\/zalo\.me\/share/.test(html) && !/href=["']?https:\/\/sp\.zalo\.me\/share_inline/.test(html)) p.push(`${rel}: no Zalo share link`);
      }
      return p;
    });
    await check('static', 'the home page shows the campaign under way, the six audience doors, latest items and infographics', () => {
      const html = pages.get('index.html') ?? '';
      const p = [];
      if (!/class=["']?campaign-now/.test(html)) p.push('no campaign under way');
      if (!/Đợt cao điểm cuối năm|nước rút|Nước rút/i.test(html)) p.push('the year-end campaign (under way at NOW) is not named');
      const doors = html.match(/<ul\b[^>]*class=["']?doors[^>]*>.*?<\/ul>/)?.[0] ?? '';
      const n = (doors.match(/<li\b/g) ?? []).length;
      if (n !== 6) p.push(`${n} audience doors, not 6`);
      if (!/id=["']?tin-moi/.test(html)) p.push('no latest items');
      if (!/id=["']?infographic-moi/.test(html)) p.push('no infographics');
      return p;
    });

    // 3. Page weight.
    const weights = [];
    await check('weight', `page weight within the budget (HTML ≤ 50 KB gzipped, CSS ≤ 30 KB, JS ≤ 30 KB, all ≤ 150 KB without content images)`, () => {
      const p = [];
      const size = (url) => {
        const file = path.join(pub, decodeURI(url.split(/[?#]/)[0]));
        return fs.existsSync(file) ? fs.statSync(file).size : 0;
      };
      for (const [rel, html] of pages) {
        const gz = zlib.gzipSync(html, { level: 6 }).length;
        const css = (html.match(/<link\b[^>]*>/gi) ?? [])
          .filter((t) => attr(t, 'rel') === 'stylesheet')
          .reduce((s, t) => s + size(attr(t, 'href')), 0);
        const js = (html.match(/<script\b[^>]*>/gi) ?? []).reduce((s, t) => s + size(attr(t, 'src') ?? ''), 0);
        weights.push({ rel, gz, css, js, total: gz + css + js });
        if (gz > BUDGET.html) p.push(`${rel}: HTML ${(gz / KB).toFixed(1)} KB gzipped`);
        if (css > BUDGET.css) p.push(`${rel}: CSS ${(css / KB).toFixed(1)} KB`);
        if (js > BUDGET.js) p.push(`${rel}: JS ${(js / KB).toFixed(1)} KB`);
        if (gz + css + js > BUDGET.total) p.push(`${rel}: ${((gz + css + js) / KB).toFixed(1)} KB in all`);
      }
      return p;
    });
    if (weights.length) {
      const max = (k) => weights.reduce((a, b) => (b[k] > a[k] ? b : a));
      const f = (n) => `${(n / KB).toFixed(1)} KB`;
      const h = max('gz');
      const t = max('total');
      console.log(`       heaviest HTML: ${h.rel} ${f(h.gz)} gzipped; heaviest in all: ${t.rel} ${f(t.total)} (CSS ${f(t.css)}, JS ${f(t.js)})`);
      console.log(`       home: ${f(weights.find((w) => w.rel === 'index.html')?.total ?? 0)} in all; median page HTML ${f(weights.map((w) => w.gz).sort((a, b) => a - b)[weights.length >> 1])} gzipped`);
    }

    // 4. The Nu HTML Checker over everything.
    await check('vnu', `Nu HTML Checker over all of public/ (${htmlFiles.length} HTML pages, CSS, SVG): 0 errors`, () => {
      const jar = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
      const r = spawnSync('java', ['-Xss4m', '-jar', jar, '--format', 'json', '--exit-zero-always', '--skip-non-html', '--also-check-css', '--also-check-svg', pub], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (r.error) return [`cannot run java: ${r.error.message}`];
      let messages;
      try {
        messages = JSON.parse(r.stderr || r.stdout).messages;
      } catch {
        return [`unreadable vnu output: ${(r.stderr || r.stdout).slice(0, 500)}`];
      }
      return messages
        .filter((m) => m.type === 'error' || m.subType === 'fatal')
        .map((m) => `${path.relative(pub, decodeURI((m.url || '').replace(/^file:/, '')))}:${m.lastLine ?? '?'}: ${m.message} ${m.extract ? `[${m.extract.slice(0, 80)}]` : ''}`);
    });

    // 5. nginx with the README's configuration: pages, 404, redirects, cache headers, CSP.
    const needsServer = !only || only.some((g) => ['nginx', 'axe', 'nojs', 'csp', 'mobile', 'shots', 'search', 'firstscreen', 'lighthouse'].includes(g)) || shots;
    if (!needsServer) return;
    const mapScript = readmeBlock('redirect-map').replaceAll('/var/www/loa', portal);
    await check('nginx', 'the README redirect map script runs on the build', () => {
      const r = spawnSync('sh', ['-c', mapScript], { encoding: 'utf8', env: { ...process.env, LOA_NO_RELOAD: '1' } });
      return r.status === 0 ? [] : [`exit ${r.status}: ${r.stderr}`];
    });
    let started = false;
    await check('nginx', 'nginx starts with the README configuration', async () => {
      nginx = await startNginx(portal);
      started = true;
    });
    if (!started) return;
    const origin = nginx.origin;
    const get = (p, headers = {}) => fetch(origin + p, { redirect: 'manual', headers });
    await check('nginx', 'nginx serves pages, the 404 page, redirects, types and cache headers', async () => {
      const p = [];
      const expect = (what, cond) => cond || p.push(what);
      let r = await get('/');
      expect(`/ answers ${r.status}`, r.status === 200);
      expect(`/ is ${r.headers.get('content-type')}`, /^text\/html; charset=utf-8/i.test(r.headers.get('content-type') ?? ''));
      expect(`/ has Cache-Control ${r.headers.get('cache-control')}`, r.headers.get('cache-control') === 'no-cache');
      expect(`/ has CSP ${r.headers.get('content-security-policy')}`, /default-src 'self'/.test(r.headers.get('content-security-policy') ?? ''));
      expect('/ has no Last-Modified for revalidation', !!r.headers.get('last-modified'));
      const lm = r.headers.get('last-modified');
      r = await get('/', { 'If-Modified-Since': lm });
      expect(`a revalidation of / answers ${r.status}, not 304`, r.status === 304);
      r = await get('/', { 'Accept-Encoding': 'gzip' });
      expect('/ is not gzipped', r.headers.get('content-encoding') === 'gzip');
      r = await get('/tin-tuc');
      expect(`/tin-tuc answers ${r.status} ${r.headers.get('location')}, not a redirect to /tin-tuc/`, r.status === 301 && r.headers.get('location') === '/tin-tuc/');
      r = await get('/khong-co-trang-nay/');
      const body = await r.text();
      expect(`a missing page answers ${r.status}`, r.status === 404);
      expect('a missing page does not show the 404 page', /Không tìm thấy trang/.test(body));
      r = await get('/404.html');
      expect(`/404.html answers ${r.status} (it should only be the body of 404 answers)`, r.status === 404);
      const html = pages.get('index.html');
      const css = (html.match(/<link\b[^>]*>/gi) ?? []).map((t) => attr(t, 'href')).find((h) => /style\.css\?v=/.test(h ?? ''));
      expect('the home page links no versioned style.css', !!css);
      if (css) {
        r = await get(css);
        expect(`${css} answers ${r.status}`, r.status === 200);
        expect(`${css} has Cache-Control ${r.headers.get('cache-control')}`, /max-age=31536000/.test(r.headers.get('cache-control') ?? '') && /immutable/.test(r.headers.get('cache-control') ?? ''));
        expect(`${css} is ${r.headers.get('content-type')}`, /^text\/css/.test(r.headers.get('content-type') ?? ''));
      }
      const svg = files.find((f) => f.endsWith('.svg'));
      r = await get(`/${svg}`);
      expect(`/${svg} is ${r.headers.get('content-type')}`, /^image\/svg\+xml/.test(r.headers.get('content-type') ?? ''));
      expect(`/${svg} has Cache-Control ${r.headers.get('cache-control')}`, /max-age=3600/.test(r.headers.get('cache-control') ?? ''));
      r = await get('/atom.xml');
      expect(`/atom.xml is ${r.headers.get('content-type')}`, /^application\/atom\+xml/.test(r.headers.get('content-type') ?? ''));
      r = await get('/lich/chien-dich.ics');
      expect(`/lich/chien-dich.ics is ${r.headers.get('content-type')}`, /^text\/calendar/.test(r.headers.get('content-type') ?? ''));
      r = await get('/sitemap.xml');
      expect(`/sitemap.xml answers ${r.status}`, r.status === 200);
      // Every alias: a permanent redirect to its item, which exists.
      const aliases = [...pages].filter(([, h]) => isRedirect(h)).map(([rel]) => '/' + rel.replace(/index\.html$/, ''));
      expect('the demo has no alias to test', aliases.length > 0);
      for (const a of aliases) {
        r = await get(a);
        const to = r.headers.get('location');
        expect(`alias ${a} answers ${r.status}, not 301`, r.status === 301);
        if (to) {
          const t = await get(to);
          expect(`alias ${a} leads to ${to}, which answers ${t.status}`, t.status === 200);
        }
        if (a.endsWith('/')) {
          r = await get(a.slice(0, -1));
          expect(`alias ${a.slice(0, -1)} answers ${r.status} ${r.headers.get('location')}`, r.status === 301 && r.headers.get('location') === to);
        }
      }
      return p;
    });

    // 6. The browser: axe-core, no-JS, CSP, 320 px reflow, visible focus; screenshots.
    const { chromium } = await import('playwright-core');
    const axeSource = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    let launched = false;
    await check('browser', 'headless Chromium starts', async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      launched = true;
    });
    if (!launched) return;
    // Nothing may leave the machine: third-party requests (share targets are links, not loads) fail.
    const contextFor = async (width, options = {}) => {
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 720 : 900 }, locale: 'vi-VN', ...options });
      await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      return context;
    };

    for (const width of WIDTHS) {
      const context = await contextFor(width);
      const page = await context.newPage();
      const cspErrors = [];
      const failed = [];
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => cspErrors.push(`${page.url()}: ${e.message}`));
      page.on('requestfailed', (r) => failed.push(`${page.url()}: ${r.url()} ${r.failure()?.errorText}`));
      for (const [kind, url] of PAGES) {
        await check('axe', `axe-core ${width} px: ${kind} (${url})`, async () => {
          const resp = await page.goto(origin + url, { waitUntil: 'load' });
          const expected = kind === '404' ? 404 : 200;
          if (resp.status() !== expected) return [`answered ${resp.status()}`];
          await page.evaluate(axeSource);
          const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
          return res.violations.flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`));
        });
        await check('mobile', `${width} px: ${kind} fits the width, its skip link shows on focus`, async () => {
          const p = [];
          const over = await page.evaluate(() => {
            const w = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'absolute' && !e.closest('.scroll-x,pre,table'));
            return { scroll: document.documentElement.scrollWidth, w, wide: wide.slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')) };
          });
          if (over.scroll > over.w) p.push(`scrolls sideways: ${over.scroll} px wide in ${over.w} px (${over.wide.join(', ')})`);
          await page.keyboard.press('Tab');
          const skip = await page.evaluate(() => {
            const a = document.activeElement;
            const r = a.getBoundingClientRect();
            const s = getComputedStyle(a);
            return { cls: a.className, inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 0, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
          });
          if (skip.cls !== 'skip-link') p.push(`the first Tab stop is .${skip.cls}, not the skip link`);
          else if (!skip.inView) p.push('the focused skip link is not visible');
          else if (!skip.outline) p.push('the focused skip link has no visible outline');
          return p;
        });
        if (shots) {
          fs.mkdirSync(shots, { recursive: true });
          const name = `${kind.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}-${width}.png`;
          await page.goto(origin + url, { waitUntil: 'load' });
          // Lazy images load only near the viewport: bring each into view first.
          await page.evaluate(async () => {
            for (const img of document.images) {
              img.loading = 'eager';
              if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }) || setTimeout(r, 2000));
            }
          });
          await page.screenshot({ path: path.join(shots, name), fullPage: true });
        }
      }
      await check('csp', `${width} px: no Content-Security-Policy violation and no failed request on any page kind`, () => [...cspErrors, ...failed]);
      await context.close();
    }

    // Infographics with a portrait version (issue 20), on their page (an SVG) and embedded in
    // an article (a PNG with variants): an upright phone loads that one, in a box of its own
    // shape; a desktop keeps the landscape picture.
    const portraits = [
      ['its page', '/infographic/muc-dong-bhyt-ho-gia-dinh/', '.infographic-figure img'],
      ['an article that embeds it', '/tin-tuc/nong-dan-ngu-dan-cung-co-the-co-luong-huu/', '.infographic-embed img'],
    ];
    for (const width of WIDTHS) for (const [where, url, selector] of portraits) {
      const want = width < 600 ? 'portrait' : 'landscape';
      await check('mobile', `${width} px: an infographic with a portrait version shows the ${want} picture on ${where} (${url})`, async () => {
        const context = await contextFor(width);
        const page = await context.newPage();
        await page.goto(origin + url, { waitUntil: 'load' });
        const shown = await page.evaluate(async (selector) => {
          const img = document.querySelector(selector);
          img.scrollIntoView();
          if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }) || setTimeout(r, 3000));
          const r = img.getBoundingClientRect();
          return { src: img.currentSrc, w: r.width, h: r.height };
        }, selector);
        await context.close();
        const got = /-doc(-\d+)?\.[a-z]+$/.test(shown.src) ? 'portrait' : 'landscape';
        if (got !== want) return [`shows the ${got} picture ${shown.src}`];
        if ((want === 'portrait') !== shown.h > shown.w) return [`a ${Math.round(shown.w)}×${Math.round(shown.h)} box for the ${want} picture`];
        return [];
      });
    }

    // A YouTube video (issue 19): nothing is asked of a third party before the click; the
    // click puts the youtube-nocookie player in place, which the page's policy (and only that
    // page's) lets in.
    const youtubePage = '/video/tra-cuu-qua-trinh-dong-bhxh-tren-vssid/';
    await check('csp', `frame-src opens for youtube-nocookie.com on ${youtubePage} and nowhere else`, async () => {
      const p = [];
      const policy = async (u) => (await get(u)).headers.get('content-security-policy') ?? '';
      const own = await policy(youtubePage);
      if (!/frame-src 'self' https:\/\/www\.youtube-nocookie\.com;/.test(own)) p.push(`${youtubePage} has CSP ${own}`);
      for (const u of ['/', '/video/', '/video/cai-dat-vssid/', '/tin-tuc/']) {
        const other = await policy(u);
        if (/youtube/.test(other)) p.push(`${u} has CSP ${other}`);
      }
      return p;
    });
    await check('csp', `${youtubePage}: no request leaves the site before the click; the click loads the youtube-nocookie player without a policy violation`, async () => {
      const context = await contextFor(1280);
      const page = await context.newPage();
      const p = [];
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) p.push(m.text()); });
      await page.goto(origin + youtubePage, { waitUntil: 'load' });
      const away = requests.filter((u) => !u.startsWith(origin));
      if (away.length) p.push(`requests before the click: ${away.join(', ')}`);
      await page.click('.video-play');
      const src = await page.waitForSelector('.video-youtube iframe', { timeout: 3000 }).then((f) => f.getAttribute('src')).catch(() => null);
      if (!src || !src.startsWith('https://www.youtube-nocookie.com/embed/')) p.push(`the click made no youtube-nocookie player (iframe src ${src})`);
      await page.waitForTimeout(300);
      await context.close();
      return p;
    });

    // The first screen on a phone and on a desktop (tests/standards/firstscreen.mjs).
    if (!only || only.includes('firstscreen')) {
      const { firstScreenChecks } = await import('./firstscreen.mjs');
      await firstScreenChecks({ check, origin, browser, pages: PAGES, shots });
    }

    // Lighthouse in mobile emulation, 100 in its four categories (tests/standards/lighthouse.mjs).
    if (!only || only.includes('lighthouse')) {
      const { lighthouseChecks } = await import('./lighthouse.mjs');
      await lighthouseChecks({ check, origin, pages: PAGES, chromium: CHROMIUM, shots });
    }

    // Search, with and without JavaScript (tests/standards/search.mjs).
    if (!only || only.includes('search')) {
      const { searchChecks } = await import('./search.mjs');
      await searchChecks({ check, origin, contextFor, axeSource, axeTags: AXE_TAGS });
    }

    // Without JavaScript every page still shows its main text.
    const noJs = await contextFor(320, { javaScriptEnabled: false });
    const page = await noJs.newPage();
    for (const [kind, url] of PAGES) {
      await check('nojs', `JavaScript off: ${kind} (${url}) shows its heading and main text`, async () => {
        await page.goto(origin + url, { waitUntil: 'load' });
        const rel = kind === '404' ? '404.html' : url.slice(1) + 'index.html';
        const html = pages.get(rel) ?? '';
        const h1 = text(html.match(/<h1\b[^>]*>(.*?)<\/h1>/i)?.[1] ?? '');
        const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
        const p = [];
        if (!h1 || !main.includes(h1)) p.push(`the h1 "${h1}" is not shown`);
        if (main.length < 200) p.push(`only ${main.length} characters of main text`);
        const visible = await page.locator('main').isVisible();
        if (!visible) p.push('<main> is hidden');
        return p;
      });
    }
    await noJs.close();
  } finally {
    await browser?.close();
    cleanup();
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    console.log(`\n${passed} passed, ${failed} failed`);
    process.exitCode = failed || results.length === 0 ? 1 : 0;
  }
}

await main();
