// Opens plancov's report.html in headless Chromium and checks it works.
//
//   node tests/browser/check_report.mjs OUT/report.html [--owner NAME] [--screenshot FILE]
//
// Prints one JSON object on stdout (tests/browser.rs asserts on it); exit 0 if the
// page could be checked at all, 2 on a setup failure (message on stderr).
// Needs: /usr/bin/chromium and `npm ci --prefix tests/browser` (.ci/run does both).

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const owner = opt('--owner') ?? 'Arbetsmarknads- och socialförvaltningen';
const screenshot = opt('--screenshot');
const report = args[0];
if (!report || !existsSync(report)) {
  console.error(`usage: check_report.mjs REPORT.html [--owner NAME] [--screenshot FILE] (got ${report})`);
  process.exit(2);
}
const reportPath = resolve(report);
const url = pathToFileURL(reportPath).href;
// report.json next to the page: the independent truth for the cell's activities.
const jsonPath = join(dirname(reportPath), 'report.json');
const truth = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : null;
const expectedIds = (family, ownerName, code) => {
  const m = truth?.coverage?.[family];
  if (!m) return null;
  const row = m.rows.find((r) => r.owner === ownerName);
  const ci = m.codes.indexOf(code);
  return row && ci >= 0 ? row.activity_ids[ci] : null;
};

const PAYLOAD = '<script>window.__pwned=1</script>';
const profile = mkdtempSync(join(tmpdir(), 'plancov-chromium-'));
const result = {
  url,
  console_errors: [],
  page_errors: [],
  requests_elsewhere: [],
  dialogs: [],
};
let browser;
try {
  // A fresh profile: Playwright wants it as the persistent context's folder,
  // not as a --user-data-dir argument.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1360, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') result.console_errors.push(m.text());
  });
  page.on('pageerror', (e) => result.page_errors.push(String(e)));
  page.on('dialog', async (d) => {
    result.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) result.requests_elsewhere.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });

  result.title = await page.title();
  result.h1 = (await page.locator('h1').innerText()).trim();
  result.pwned = await page.evaluate(() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned));
  result.img_elements = await page.locator('img').count();
  result.script_elements = await page.locator('script').count();
  result.heat_tables = await page.locator('table.heat').count();
  // The figures: inline SVG bar charts, every bar labelled (a gap as "0 – saknas").
  result.svg_charts = await page.locator('svg.chart').count();
  result.svg_charts_visible = await page.locator('svg.chart').first().isVisible();
  result.chart_bars = await page.locator('svg.chart rect.cbar').count();
  result.chart_labels = await page.locator('svg.chart text.val').count();
  result.chart_gap_labels = await page.locator('svg.chart text.val', { hasText: '0 – saknas' }).count();
  result.ins_corrections = await page.locator('ins[title^="original: "]').count();
  result.ins_fixes = await page.evaluate(
    () => new Set([...document.querySelectorAll('ins[data-fix]')].map((e) => e.closest('details').id + ':' + e.dataset.fix)).size,
  );

  // 1. The goal-1 cell of the owner: its activities are listed, as many as the cell says.
  const cellSel = (family, code, ownerName) =>
    `button.cell[data-family="${family}"][data-code="${code}"][data-owner="${ownerName.replace(/["\\]/g, '\\$&')}"]`;
  const cell = page.locator(cellSel('goal', '1', owner));
  result.cell_found = (await cell.count()) === 1;
  if (result.cell_found) {
    result.cell_count = Number(await cell.getAttribute('data-count'));
    result.cell_text = (await cell.innerText()).trim();
    await cell.click();
    const panel = page.locator('#detail-goal');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    const items = panel.locator('li[data-activity-id]');
    result.listed = await items.count();
    result.listed_ids = await items.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-activity-id')));
    result.listed_ids_visible = await items.evaluateAll((ls) =>
      ls.every((l) => l.innerText.includes(l.getAttribute('data-activity-id'))),
    );
    result.expected_ids = expectedIds('goal', owner, '1');
    result.panel_heading = (await panel.locator('h4').innerText()).trim();
    // The review filter: only activities marked granska stay visible.
    result.review_marked = await panel.locator('li.review').count();
    await panel.locator('input.only-review').check();
    result.review_visible = await items.evaluateAll((ls) => ls.filter((l) => !l.hidden).length);
    await panel.locator('input.only-review').uncheck();
  }

  // 2. The hostile plan: its activity shown as text, with the matched words marked.
  const xss = page.locator('button.cell[data-family="goal"][data-code="1"][data-owner^="xss"]');
  result.xss_cell_found = (await xss.count()) === 1;
  if (result.xss_cell_found) {
    await xss.click();
    const panelText = await page.locator('#detail-goal').innerText();
    result.payload_visible_in_cell = panelText.includes(PAYLOAD);
    await page.locator('.tab[data-tab="focus"]').click();
    const heder = page.locator('button.cell[data-family="focus"][data-code="hedersrelaterat"][data-owner^="xss"]');
    if ((await heder.count()) === 1) {
      await heder.click();
      result.focus_marks = await page.locator('#detail-focus li mark').allInnerTexts();
    }
    await page.locator('.tab[data-tab="goal"]').click();
  }
  const plan = page.locator('details.plan', { hasText: 'xss' });
  if ((await plan.count()) > 0) {
    await plan.first().locator('summary').click();
    result.payload_visible_in_plan_text = (await plan.first().innerText()).includes(PAYLOAD);
    await plan.first().locator('summary').click();
  }
  result.payload_visible = (await page.getByText(PAYLOAD, { exact: false }).count()) > 0 &&
    (await page.locator('body').innerText()).includes(PAYLOAD);
  result.pwned_after = await page.evaluate(() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned));

  if (screenshot) {
    // The first view, with the goal-1 cell of the owner open.
    if (result.cell_found) await cell.click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: !!process.env.FULL_PAGE });
  }
} catch (e) {
  result.error = String(e && e.stack ? e.stack : e);
} finally {
  if (browser) await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
