// Search in headless Chromium against the demo portal served by nginx (called by run.mjs):
// "bao hiem" finds "bảo hiểm", "dong" finds "đóng", a quoted phrase keeps its order, the
// matched words are highlighted, the filters narrow, the header box leads to the results,
// one query transfers little, and without JavaScript the page says so and links on.

const KB = 1024;

// Letters and digits only, lowercase: how a phrase reads with its punctuation ignored.
const words = (s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('trang-thai');
    return s && s.textContent && !/Đang tìm/.test(s.textContent);
  });
  return page.evaluate(() => ({
    status: document.getElementById('trang-thai').textContent,
    hits: [...document.querySelectorAll('#ket-qua .search-hit')].map((li) => ({
      title: li.querySelector('h2').textContent,
      href: li.querySelector('a').getAttribute('href'),
      meta: li.querySelector('.search-hit-meta').textContent,
      excerpt: li.querySelector('.search-hit-excerpt').textContent,
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    })),
    url: location.pathname + location.search,
  }));
}

const count = (status) => Number((status.match(/[\d.]+/) ?? ['0'])[0].replace(/\./g, ''));

export async function searchChecks({ check, origin, contextFor, axeSource, axeTags }) {
  const context = await contextFor(1280);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  const transferred = [];
  const pending = [];
  page.on('requestfinished', (r) => {
    if (!/\/tim-kiem\/(index\.json|[stfl]\/)/.test(r.url())) return;
    pending.push(r.sizes().then(
      (sizes) => transferred.push({ url: r.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }),
      () => transferred.push({ url: r.url(), bytes: 0 }),
    ));
  });

  let bao;
  await check('search', 'search: "bao hiem" finds "bảo hiểm", title matches first, highlighted, with date and excerpt', async () => {
    await page.goto(`${origin}/tim-kiem/?q=bao+hiem`, { waitUntil: 'load' });
    bao = await results(page);
    const p = [];
    if (bao.hits.length !== 10) p.push(`${bao.hits.length} results shown, not a first page of 10 (${bao.status})`);
    if (count(bao.status) <= 10) p.push(`status says "${bao.status}"`);
    const first = bao.hits[0];
    if (!first || !/bảo hiểm/i.test(first.title)) p.push(`first result "${first?.title}" has no "bảo hiểm" in its title`);
    if (!first?.marks.some((m) => /^bảo hiểm$/i.test(m))) p.push(`"bảo hiểm" is not highlighted as one run in the first result: ${first?.marks}`);
    for (const h of bao.hits) {
      if (!h.marks.length) p.push(`${h.title}: nothing highlighted`);
      if (!h.marks.every((m) => /^bao hiem$|^bao$|^hiem$/.test(fold(m)))) p.push(`${h.title}: highlights ${h.marks}`);
      if (!/\d{2}\/\d{2}\/\d{4}/.test(h.meta) && !/Đối tượng|Chiến dịch|Trang/.test(h.meta)) p.push(`${h.title}: no date in "${h.meta}"`);
      if (h.excerpt.length < 40) p.push(`${h.title}: excerpt "${h.excerpt}"`);
    }
    // Title matches before body matches: no result with the words in its title after one without.
    const inTitle = bao.hits.map((h) => /bao hiem/.test(fold(h.title)));
    if (inTitle.indexOf(false) >= 0 && inTitle.lastIndexOf(true) > inTitle.indexOf(false)) p.push(`title matches are not first: ${inTitle}`);
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const bytes = transferred.reduce((s, t) => s + t.bytes, 0);
    const files = transferred.length;
    console.log(`       "bao hiem": ${files} index files, ${(bytes / KB).toFixed(1)} KB transferred`);
    if (bytes > 100 * KB) p.push(`one query transferred ${(bytes / KB).toFixed(1)} KB`);
    if (transferred.some((t) => /\/s\//.test(t.url)) && transferred.filter((t) => /\/s\//.test(t.url)).length > 3) p.push(`fetched ${transferred.filter((t) => /\/s\//.test(t.url)).length} shards for 3 terms`);
    // The next page of results.
    await page.click('#xem-them');
    await page.waitForFunction(() => document.querySelectorAll('#ket-qua .search-hit').length > 10);
    const more = await results(page);
    if (more.hits.length !== 20) p.push(`"more" shows ${more.hits.length} results in all, not 20`);
    if (new Set(more.hits.map((h) => h.href)).size !== more.hits.length) p.push('"more" repeats results');
    // Decomposed marks (as some keyboards and pasted text give them) find the same.
    await page.goto(`${origin}/tim-kiem/?q=${encodeURIComponent('Ba\u0309o hie\u0302\u0309m')}`, { waitUntil: 'load' });
    const nfd = await results(page);
    if (nfd.status !== bao.status || nfd.hits[0]?.href !== bao.hits[0]?.href) p.push(`decomposed "bảo hiểm": ${nfd.status}, not ${bao.status}`);
    return p;
  });

  await check('search', 'search: typing "dong" finds "đóng"; the address follows the query', async () => {
    await page.fill('#tu-khoa', 'dong');
    await page.press('#tu-khoa', 'Enter');
    await page.waitForFunction(() => location.search.includes('q=dong'));
    const r = await results(page);
    const p = [];
    if (!r.hits.length) p.push(`no results: ${r.status}`);
    if (!r.hits.some((h) => h.marks.some((m) => /^đóng$/i.test(m)))) p.push(`no highlighted "đóng": ${r.hits.map((h) => h.marks).join(' | ')}`);
    return p;
  });

  await check('search', 'search: a quoted phrase matches its syllables in order', async () => {
    await page.fill('#tu-khoa', 'y tế học sinh');
    await page.press('#tu-khoa', 'Enter');
    await page.waitForFunction(() => location.search.includes('sinh'));
    const free = await results(page);
    await page.fill('#tu-khoa', '"bảo hiểm y tế học sinh"');
    await page.press('#tu-khoa', 'Enter');
    await page.waitForFunction(() => location.search.includes('%22'));
    const phrase = await results(page);
    const p = [];
    if (!phrase.hits.length) p.push(`no results: ${phrase.status}`);
    if (count(phrase.status) >= count(free.status)) p.push(`phrase "${phrase.status}" is not narrower than free "${free.status}"`);
    for (const h of phrase.hits) {
      if (!words(`${h.title} ${h.excerpt}`).includes('bảo hiểm y tế học sinh')) p.push(`${h.title}: the phrase is not in its title or excerpt: ${h.excerpt}`);
    }
    await page.fill('#tu-khoa', '"sinh học tế y"');
    await page.press('#tu-khoa', 'Enter');
    await page.waitForFunction(() => location.search.includes('y%22') || location.search.includes('y"'));
    const reversed = await results(page);
    if (reversed.hits.length) p.push(`the reversed phrase found ${reversed.hits.length} results`);
    return p;
  });

  await check('search', 'search: the audience, topic and campaign filters narrow the results', async () => {
    await page.goto(`${origin}/tim-kiem/?q=bhyt`, { waitUntil: 'load' });
    const all = await results(page);
    await page.selectOption('#loc-a', 'hoc-sinh-sinh-vien');
    await page.waitForFunction(() => location.search.includes('a=hoc-sinh-sinh-vien'));
    const some = await results(page);
    const p = [];
    if (!(count(some.status) > 0 && count(some.status) < count(all.status))) p.push(`audience filter: "${all.status}" → "${some.status}"`);
    for (const key of ['t', 'c']) {
      const options = await page.$$eval(`#loc-${key} option`, (os) => os.map((o) => o.value).filter(Boolean));
      if (!options.length) p.push(`no options in the ${key} filter`);
    }
    await page.selectOption('#loc-c', 'bhyt-hoc-sinh-sinh-vien');
    await page.waitForFunction(() => location.search.includes('c=bhyt-hoc-sinh-sinh-vien'));
    const both = await results(page);
    if (count(both.status) > count(some.status)) p.push(`campaign filter widened: "${some.status}" → "${both.status}"`);
    // A filtered address works as a link.
    await page.goto(origin + both.url, { waitUntil: 'load' });
    const again = await results(page);
    if (again.status !== both.status) p.push(`the filtered address shows "${again.status}", not "${both.status}"`);
    await page.evaluate(axeSource);
    const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), axeTags);
    p.push(...res.violations.map((v) => `axe on the results: ${v.id}: ${v.help} at ${v.nodes[0]?.target}`));
    return p;
  });

  await check('search', 'search: the box in the header leads to the results', async () => {
    await page.goto(`${origin}/tin-tuc/`, { waitUntil: 'load' });
    await page.fill('#tim-nhanh', 'vssid');
    await page.press('#tim-nhanh', 'Enter');
    await page.waitForURL(/\/tim-kiem\/\?q=vssid/);
    const r = await results(page);
    return r.hits.some((h) => /vssid/i.test(h.title)) ? [] : [`no VssID result: ${r.status}`];
  });
  await check('search', 'search: a word no page has says so', async () => {
    await page.goto(`${origin}/tim-kiem/?q=xyzzy+plugh`, { waitUntil: 'load' });
    const r = await results(page);
    return r.hits.length === 0 && /Không tìm thấy/.test(r.status) ? [] : [`"${r.status}", ${r.hits.length} results`];
  });
  await check('search', 'search: no Content-Security-Policy violation or script error', () => problems);
  await context.close();

  const noJs = await contextFor(320, { javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await check('search', 'search without JavaScript: the page says search needs it and links to topics and audiences', async () => {
    await plain.goto(`${origin}/tim-kiem/?q=bao+hiem`, { waitUntil: 'load' });
    const p = [];
    const note = plain.locator('#can-js');
    if (!(await note.isVisible())) p.push('the "needs JavaScript" note is hidden');
    else if (!/JavaScript/.test(await note.innerText())) p.push('the note does not mention JavaScript');
    const links = await plain.$$eval('#duyet a', (as) => as.map((a) => a.getAttribute('href')));
    if (!links.some((h) => /^\/chu-de\/[^/]+\/$/.test(h))) p.push(`no topic links: ${links}`);
    if (!links.some((h) => /^\/doi-tuong\/[^/]+\/$/.test(h))) p.push(`no audience links: ${links}`);
    if (await plain.locator('#ket-qua li').count()) p.push('results without JavaScript?');
    return p;
  });
  await noJs.close();
}
