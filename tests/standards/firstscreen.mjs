// What a citizen sees before scrolling (called by run.mjs, issue 20): on a 360×640 phone and
// a 1280×800 screen, every page kind shows its h1 and the start of its main content in the
// first screen, and on the phone the header is at most 120 px tall. Saves a screenshot of the
// first screen and of the whole page at both sizes when --shots is given. The menu button
// opens the menu without JavaScript.

import fs from 'node:fs';
import path from 'node:path';

export const SCREENS = [
  { width: 360, height: 640, header: 120 },
  { width: 1280, height: 800, header: 220 },
];

// The start of the main content of each page kind: what a reader came to the page for, after
// the h1. The first element matching, in document order, must begin in the first screen.
const CONTENT = {
  home: '.campaign-banner',
  article: '.item-header .lead, .cover, .prose > *',
  'republished article': '.item-header .lead, .cover, .prose > *',
  'section list': '.cards .card',
  'section list, page 2': '.cards .card',
  'Q&A list': '.section-intro > *, .faq-item',
  'Q&A': '.item-header .lead, .answer',
  'standalone page': '.item-header .lead, .prose > *',
  'contact page': '.item-header .lead, .contact-card, .prose > *',
  'contact page made from [agency]': '.item-header .lead, .contact-card',
  'infographic gallery': '.cards .card',
  'infographic gallery filtered by audience': '.cards .card',
  infographic: '.infographic-figure img',
  'raster infographic, responsive picture': '.infographic-figure img',
  'infographic with a portrait version for phones': '.infographic-figure img',
  'self-hosted video with captions': '.video-player',
  'YouTube video, poster and play link': '.video-youtube .video-play',
  videos: '.cards .card',
  'photo story': '.photo-story-intro > *, .photo-sequence img',
  'article with a cover and an embedded infographic': '.item-header .lead, .cover, .prose > *',
  audiences: '.section-intro > *, .doors .door',
  audience: '.page-header .lead, .slogans, .prose > *',
  campaigns: '.page-header .lead, .campaign-card',
  'campaign under way': '.campaign-hero .timing',
  'campaign to come': '.campaign-hero .timing',
  calendar: '.months .month',
  topics: '.topic-grid .topic-card',
  topic: '.cards .card',
  search: '.search-form input[type=search]',
  'legal documents table': '.section-intro > *, .legal-table',
  'legal documents filtered by type, sorted by number': '.legal-table',
  'legal document with an attachment': '.item-header .lead, .legal-facts',
  'legal document replaced by another': '.item-header .lead, .legal-facts',
  '404': '.not-found .lead',
  'English home, with the language switcher': '.campaign-banner, #tin-moi',
  'English article, with Vietnamese fallbacks marked': '.item-header .lead, .cover, .prose > *',
};

// The home page leads with what citizens come for: the campaign under way, then the news.
const HOME_ALSO = { '/': '#tin-moi' };

export async function firstScreenChecks({ check, origin, browser, pages, shots }) {
  for (const screen of SCREENS) {
    const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height }, locale: 'vi-VN' });
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    for (const [kind, url] of pages) {
      await check('firstscreen', `${screen.width}×${screen.height}: ${kind} (${url}) shows its h1 and main content in the first screen`, async () => {
        await page.goto(origin + url, { waitUntil: 'load' });
        const selector = CONTENT[kind];
        if (!selector) return [`no main-content selector for the page kind "${kind}" in firstscreen.mjs`];
        const m = await page.evaluate(
          ({ selector, also }) => {
            const box = (e) => (e ? e.getBoundingClientRect() : null);
            const header = box(document.querySelector('.site-header'));
            const h1 = box(document.querySelector('main h1'));
            const content = box(document.querySelector(`main :is(${selector})`));
            const next = also ? box(document.querySelector(also)) : null;
            return {
              header: header && Math.round(header.height),
              h1: h1 && Math.round(h1.bottom),
              content: content && Math.round(content.top),
              next: next && Math.round(next.top),
            };
          },
          { selector, also: HOME_ALSO[url] },
        );
        const p = [];
        const h = screen.height;
        // A start that shows: at least two lines of text (48 px) above the fold.
        const fold = h - 48;
        if (m.header === null) p.push('no .site-header');
        else if (m.header > screen.header) p.push(`the header is ${m.header} px tall (at most ${screen.header})`);
        if (m.h1 === null) p.push('no h1 in main');
        else if (m.h1 > h) p.push(`the h1 ends at ${m.h1} px, below the first screen (${h} px)`);
        if (m.content === null) p.push(`nothing matches ${selector}`);
        else if (m.content > fold) p.push(`the main content (${selector}) starts at ${m.content} px, not within the first ${fold} px`);
        if (HOME_ALSO[url] && (m.next === null || m.next > fold)) p.push(`${HOME_ALSO[url]} starts at ${m.next} px, not within the first ${fold} px`);
        if (shots) {
          fs.mkdirSync(shots, { recursive: true });
          const name = `${kind.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}-${screen.width}x${screen.height}`;
          await page.screenshot({ path: path.join(shots, `${name}.png`) });
          await page.screenshot({ path: path.join(shots, `${name}-full.png`), fullPage: true });
        }
        console.log(`       header ${m.header} px, h1 ends ${m.h1} px, content starts ${m.content} px${m.next !== null ? `, news ${m.next} px` : ''}`);
        return p;
      });
    }
    // The menu opens and closes with the button alone (a <details>), and its links show.
    if (screen.width < 600) {
      await check('firstscreen', `${screen.width} px: the menu button opens the menu without JavaScript`, async () => {
        const noJs = await browser.newContext({ viewport: { width: screen.width, height: screen.height }, javaScriptEnabled: false });
        const p = [];
        try {
          const tab = await noJs.newPage();
          await tab.goto(origin + '/', { waitUntil: 'load' });
          const links = tab.locator('.main-nav a');
          if (await links.first().isVisible()) p.push('the menu is open before the button is pressed');
          await tab.locator('.menu > summary').click();
          const shown = await links.evaluateAll((as) => as.filter((a) => a.getBoundingClientRect().height > 0).length);
          if (shown === 0) p.push('no menu link shows after the button is pressed');
          const search = await tab.locator('.search-link').isVisible();
          if (!search) p.push('no search link in the header');
          if (shots) await tab.screenshot({ path: path.join(shots, `menu-open-${screen.width}x${screen.height}.png`) });
        } finally {
          await noJs.close();
        }
        return p;
      });
    }
    await context.close();
  }
}
