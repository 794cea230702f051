import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const MAIN = path.resolve(__dirname, '../../../dist/main.js');

describe('node dist/main.js --help', () => {
  it('prints usage naming every sub-command and exits 0', () => {
    const r = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const cmd of ['trade', 'sim', 'evaluate']) expect(r.stdout).toContain(cmd);
  });
  it('rejects an unknown command with exit code 2', () => {
    const r = spawnSync(process.execPath, [MAIN, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command');
  });
});
