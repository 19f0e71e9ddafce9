import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, openConsole } from './support.ts';

// One server and one browser for the file: the scenario's two credential-stuffing incidents, approvals
// above two addresses.
let c: ConsoleFixture;
beforeAll(async () => {
  c = await openConsole({ approvalThreshold: 2 });
}, 120_000);
afterAll(() => c?.close());

const INCIDENT = 'INC-20261120-94be0320';

describe('the console in Chromium', () => {
  it('lists the simulated incidents and filters them', async () => {
    const { page } = c;
    await page.getByRole('link', { name: INCIDENT }).waitFor();
    expect(await page.locator('table.incidents tbody tr').count()).toBe(2);
    await page.getByLabel('Severity').selectOption('70');
    await expect.poll(() => page.locator('table.incidents tbody tr').count()).toBe(1);
    expect(await page.locator('table.incidents tbody').innerText()).toContain('INC-20261120-f009f3fa');
    await page.getByLabel('Severity').selectOption('0');
    expect(c.foreignRequests).toEqual([]);
  });

  it("opens an incident: what riposte did, the picture, and the timeline's lines", async () => {
    const { page } = c;
    await page.getByRole('link', { name: INCIDENT }).click();
    await page.getByRole('heading', { name: 'What riposte did' }).waitFor();
    const did = await page.locator('section[aria-labelledby="did-h"]').innerText();
    expect(did).toContain('198.51.100.23/32');
    expect(did).toContain('192.0.2.10/32 overlaps allow-listed 192.0.2.0/24');
    expect(did).toMatch(/dave: tokens issued before containment stay valid up to 60 min/);
    expect(await page.locator('.picture svg').count()).toBe(1);
    const rows = page.locator('table.timeline tbody tr');
    expect(await rows.count()).toBeGreaterThan(8);
    expect(await page.locator('table.timeline').innerText()).toContain('seal-evidence');
  });

  it('blocks an address from the incident page and unblocks it, each after a confirmation', async () => {
    const { page } = c;
    const did = page.locator('section[aria-labelledby="did-h"]');
    await page.getByLabel('Addresses').fill('203.0.113.77');
    await page.getByRole('button', { name: 'Block…', exact: true }).click();
    await page.getByLabel('Reason (recorded on the incident)').fill('seen in the proxy logs too');
    await page.getByRole('dialog').getByRole('button', { name: 'Block', exact: true }).click();
    await expect.poll(() => did.innerText(), { timeout: 15_000 }).toContain('203.0.113.77/32');
    expect(await page.locator('table.timeline').innerText()).toContain('block-ips by local/tester');

    await page.getByLabel('Addresses').fill('203.0.113.77');
    await page.getByRole('button', { name: 'Unblock…' }).click();
    await page.getByLabel('Reason (recorded on the incident)').fill('false lead');
    await page.getByRole('dialog').getByRole('button', { name: 'Unblock', exact: true }).click();
    await expect.poll(() => did.innerText(), { timeout: 15_000 }).not.toContain('203.0.113.77/32');
  });

  it('answers an approval from the page and the playbook goes on', async () => {
    const { page } = c;
    const did = page.locator('section[aria-labelledby="did-h"]');
    await page.getByLabel('Addresses').fill('203.0.113.81 203.0.113.82 203.0.113.83');
    await page.getByRole('button', { name: 'Block…', exact: true }).click();
    await page.getByLabel('Reason (recorded on the incident)').fill('the rest of the botnet');
    await page.getByRole('dialog').getByRole('button', { name: 'Block', exact: true }).click();
    // Three addresses are above the threshold of two: the playbook waits for a person.
    const needs = page.locator('section[aria-labelledby="needs-h"]');
    await needs.getByText('block 3 address(es)').first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole('navigation').innerText()).toMatch(/Approvals\s*1/);
    expect(await did.innerText()).not.toContain('203.0.113.81/32');
    await needs.getByRole('button', { name: 'Approve…' }).click();
    await page.getByLabel('Reason (recorded on the incident)').fill('confirmed with the SOC');
    await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => did.innerText(), { timeout: 15_000 }).toContain('203.0.113.83/32');
    expect(await page.locator('table.timeline').innerText()).toContain(
      'approved by local/tester through the approval callback: confirmed with the SOC',
    );
    expect(await needs.count()).toBe(0);
  });

  it('launches a playbook from its schema form, naming the bad field first', async () => {
    const { page } = c;
    await page.getByRole('link', { name: 'Launch' }).click();
    await page.getByLabel('Playbook').selectOption('block-ips');
    await page.locator('#field-ips').fill('');
    await page.getByRole('button', { name: 'Start block-ips' }).click();
    const error = page.locator('#field-ips-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^ips:/);
    expect(await page.locator('#field-ips').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#field-ips').fill('203.0.113.90');
    await page.getByRole('button', { name: 'Start block-ips' }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/SUCCEEDED/);
  });
});
