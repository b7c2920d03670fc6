import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md's layers, as `.dependency-cruiser.cjs` states them: imports only point down, adapters
 * know no use case and not each other, nothing imports in a cycle. `npx depcruise shared functions
 * infra --config .dependency-cruiser.cjs` prints the same findings.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');

async function violations({ baseDir, options }: { baseDir: string; options: ICruiseOptions }): Promise<{ found: IViolation[]; modules: number }> {
  const result = await cruise(['shared', 'functions', 'infra'], { ...options, baseDir });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not a result');
  return { found: result.output.summary.violations, modules: result.output.summary.totalCruised };
}

describe('layers', () => {
  it('no import points up a layer, crosses between the backends or closes a cycle', async () => {
    const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.cjs'));
    const { found, modules } = await violations({ baseDir: ROOT, options });
    expect(modules).toBeGreaterThan(300);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 120_000);

  it('the rules catch an arrow pointing up, an adapter reaching the other backend and a cycle (so the check above can fail)', async () => {
    const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.cjs'));
    const dir = await mkdtemp(path.join(tmpdir(), 'reportage-layers-'));
    try {
      const files: Record<string, string> = {
        'shared/domain/cut.ts': "import { app } from '../web/app.ts';\nexport const cut = app;\n",
        'shared/web/app.ts': 'export const app = 1;\n',
        'shared/adapters/aws/store.ts': "import { errors } from '../local/errors.ts';\nexport const store = errors;\n",
        'shared/adapters/local/errors.ts': 'export const errors = 1;\n',
        'shared/render/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
        'shared/render/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
        'functions/.keep.ts': 'export {};\n',
        'infra/.keep.ts': 'export {};\n',
      };
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      const { tsConfig: _projectTsConfig, ...withoutTsConfig } = options;
      const { found } = await violations({ baseDir: dir, options: withoutTsConfig });
      expect(new Set(found.map((v) => v.rule.name))).toEqual(new Set(['domain-is-the-bottom', 'one-backend-at-a-time', 'no-cycles']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
