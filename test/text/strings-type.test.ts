import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Vitest strips types without checking them, so a `@ts-expect-error` in a test would prove
// nothing. Instead the real language files are compiled with the TypeScript compiler, once as they
// are and once with a phrase deleted from the Dutch file.
const I18N = resolve(__dirname, '../../src/text');
const DUTCH = resolve(I18N, 'nl-NL.ts');

// Reusing the previous program spares re-parsing the standard library each time.
let previous: ts.Program | undefined;

function diagnosticsWithDutchSource(dutchSource: string): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (resolve(file) === DUTCH ? dutchSource : readFile(file));
  host.getSourceFile = (file, language, ...rest) =>
    resolve(file) === DUTCH ? ts.createSourceFile(file, dutchSource, language) : getSourceFile(file, language, ...rest);
  const program = ts.createProgram([resolve(I18N, 'index.ts')], options, host, previous);
  previous = program;
  return ts.getPreEmitDiagnostics(program);
}

const messages = (diagnostics: readonly ts.Diagnostic[]): string[] =>
  diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));

describe('the Strings type', () => {
  const original = readFileSync(DUTCH, 'utf8');

  it('when every language file is complete, then the language files compile', () => {
    expect(messages(diagnosticsWithDutchSource(original))).toEqual([]);
  });

  it('when a phrase is missing from the Dutch file, then compiling fails naming the phrase', () => {
    const withoutAccept = original.replace(/^\s*accept: 'Uitnodiging accepteren',\n/m, '');
    expect(withoutAccept).not.toBe(original);
    const errors = messages(diagnosticsWithDutchSource(withoutAccept));
    expect(errors.some((m) => /Property 'accept' is missing/.test(m))).toBe(true);
  });

  it('when a Dutch phrase has the wrong shape, then compiling fails', () => {
    const wrongShape = original.replace(/validity: \(minutes\) =>[^\n]*\n/, "validity: 'altijd geldig',\n");
    expect(wrongShape).not.toBe(original);
    expect(diagnosticsWithDutchSource(wrongShape).length).toBeGreaterThan(0);
  });
});
