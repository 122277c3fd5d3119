import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../host/paths';

/**
 * Every script the README names must exist in package.json, and every file a script (or a script
 * it calls) runs or reads must exist in the checkout: a stale path such as a missing mocha config
 * fails here, in the unit layer, instead of on a newcomer's machine.
 */
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** `npm run x`, `npm start` and `npm test` as the README writes them. */
function scriptsNamedIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/npm run ([\w:-]+)/g)) names.add(m[1]);
  for (const m of text.matchAll(/npm (start|test)\b/g)) names.add(m[1]);
  return [...names].sort();
}

/** The source a referenced path comes from: compiled test output maps back to its TypeScript. */
function sourceOf(ref: string): string {
  const compiled = /^out\/(.+)\.js$/.exec(ref);
  return compiled ? `${compiled[1]}.ts` : ref;
}

/** Paths of files (scripts, configs) a command line refers to. */
function filesIn(command: string): string[] {
  return command
    .split(/\s+/)
    .map((word) => word.replace(/^['"]|['"]$/g, ''))
    .filter((word) => /^[\w.-]+(\/[\w.-]+)+\.(js|mjs|cjs|ts|json|sh)$/.test(word));
}

/** The package.json scripts a script runs in turn (`npm run build && ...`). */
function scriptsCalledBy(command: string): string[] {
  return [...command.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]);
}

/** A referenced file must exist; a script of ours is read for the files it runs in turn. */
function checkFile(script: string, ref: string): void {
  const file = sourceOf(ref);
  assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `"${script}" refers to ${ref}, but ${file} does not exist`);
  if (!file.startsWith('scripts/')) return;
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  for (const m of text.matchAll(/['"]((?:out|test|scripts|src)\/[\w./-]+\.(?:js|mjs|ts|json|sh))['"]/g)) {
    const inner = sourceOf(m[1]);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, inner)), `${file} (run by "${script}") refers to ${m[1]}, but ${inner} does not exist`);
  }
}

describe('README scripts', () => {
  const named = scriptsNamedIn(readme);

  it('names the two quick-start commands and more', () => {
    assert.ok(named.includes('start') && named.includes('test'), `README names: ${named.join(', ')}`);
  });

  for (const name of named) {
    it(`npm ${name === 'start' || name === 'test' ? '' : 'run '}${name}: defined, and every file it runs exists`, () => {
      const seen = new Set<string>();
      const visit = (script: string): void => {
        if (seen.has(script)) return;
        seen.add(script);
        const command = pkg.scripts[script];
        assert.ok(
          command !== undefined,
          `package.json has no script "${script}" (named in the README or called by ${[...seen].join(' → ')})`,
        );
        for (const ref of filesIn(command)) checkFile(script, ref);
        for (const inner of scriptsCalledBy(command)) visit(inner);
      };
      visit(name);
    });
  }
});
