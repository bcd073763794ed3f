import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('peakRssMB', () => {
  it('is the process’s own peak, not its parent’s', () => {
    // A parent holding 400 MB starts a child that uses little: getrusage's maxRSS says 400+, VmHWM does not.
    const child = `import('${new URL('./peak-rss.ts', import.meta.url).href}').then((m) => console.log(JSON.stringify({ own: m.peakRssMB(), rusage: Math.round(process.resourceUsage().maxRSS / 1024) })))`;
    const parent = `const held = Buffer.alloc(400 * 2 ** 20, 1); const r = require('node:child_process').spawnSync(process.execPath, ['--import', 'tsx', '-e', ${JSON.stringify(child)}], { encoding: 'utf8' }); process.stdout.write(r.stdout + r.stderr); held.at(0);`;
    const result = spawnSync(process.execPath, ['-e', parent], { encoding: 'utf8' });
    const { own, rusage } = JSON.parse(result.stdout.trim()) as { own: number; rusage: number };
    expect(rusage).toBeGreaterThanOrEqual(400);
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(200);
  }, 30_000);
});
