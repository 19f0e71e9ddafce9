// `npm run screenshots`: every console view at desktop and phone width, into docs/screenshots/.
import * as path from 'node:path';
import { PROJECT_ROOT } from '../lib/local/config-source.ts';
import { openConsole } from '../test/browser/support.ts';

const VIEWS = [
  ['incidents', '#/incidents'],
  ['incident', '#/incidents/INC-20261120-94be0320'],
  ['approvals', '#/approvals'],
  ['launch', '#/launch/block-ips'],
  ['posture', '#/posture'],
  ['kill-switch', '#/kill-switch'],
] as const;
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

const c = await openConsole();
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await c.page.setViewportSize(viewport);
    for (const [name, hash] of VIEWS) {
      await c.page.evaluate((h) => {
        location.hash = h;
      }, hash);
      await c.page.waitForTimeout(600);
      const file = path.join(PROJECT_ROOT, 'docs/screenshots', `${name}-${size}.png`);
      await c.page.screenshot({ path: file, fullPage: name !== 'incident' });
      process.stderr.write(`wrote ${path.relative(PROJECT_ROOT, file)}\n`);
    }
  }
} finally {
  await c.close();
}
