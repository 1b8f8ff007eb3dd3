import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { textIssues, textProblem } from '../../src/domain/clean-text';
import { boundaryBody, strictObjects, wellFormedJson } from '../../src/http/clean-body';
import { parseWith } from '../../src/http/request';

const targetsOf = (schema: z.ZodType, value: unknown): string[] => {
  try {
    parseWith(boundaryBody(schema).parse, value, 'request body');
  } catch (error) {
    return ((error as { details: { target: string }[] }).details ?? []).map((d) => d.target);
  }
  return [];
};

describe('clean text', () => {
  it('when a single-line text holds NUL, another C0 control, DEL or a C1 control, then it is refused naming the character', () => {
    expect(textProblem('Anna\u0000', 'displayName')).toBe('must not contain the control character U+0000');
    expect(textProblem('a\u001bb', 'displayName')).toBe('must not contain the control character U+001B');
    expect(textProblem('a\u007f', 'displayName')).toBe('must not contain the control character U+007F');
    expect(textProblem('a\u0085', 'displayName')).toBe('must not contain the control character U+0085');
  });

  it('when a text holds a bidirectional control, then it is refused wherever it is', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(textProblem(`invoice${c}fdp.exe`, 'customizedMessageBody'), c.codePointAt(0)!.toString(16)).toMatch(/bidirectional control character U\+/);
    }
  });

  it('when a text holds an unpaired surrogate, then it is refused; a paired one (an emoji) is fine', () => {
    expect(textProblem('x\ud800', 'displayName')).toMatch(/unpaired surrogate/);
    expect(textProblem('\udc00x', 'displayName')).toMatch(/unpaired surrogate/);
    expect(textProblem('Anna 😀 Müller, 山田', 'displayName')).toBeUndefined();
  });

  it('when line breaks or tabs appear, then only multi-line properties (Graph allows line breaks there) accept them', () => {
    expect(textProblem('Hello\r\nWorld\tand more', 'customizedMessageBody')).toBeUndefined();
    expect(textProblem('line\nbreak', 'description')).toBeUndefined();
    expect(textProblem('line\nbreak', 'justification')).toBeUndefined();
    expect(textProblem('Anna\nEvil', 'displayName')).toBe('must be a single line (no tabs or line breaks)');
    expect(textProblem('a\tb', 'invitedUserDisplayName')).toBe('must be a single line (no tabs or line breaks)');
  });

  it('when a body holds bad text deep inside arrays and objects, then each property is named by its path, property names included', () => {
    const issues = textIssues({ a: 'ok', b: [{ displayName: 'x\u0000' }], ['k\u202e']: 'v', c: { description: 'fine\n' } });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['b.0.displayName', 'k\u202e']);
  });
});

describe('the boundary schema', () => {
  const schema = z.object({
    displayName: z.string(),
    settings: z.object({ enabled: z.boolean() }).optional(),
    items: z.array(z.object({ id: z.string() })).optional(),
    choice: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), a: z.string() }), z.object({ kind: z.literal('b') })]).optional(),
    open: z.object({}).passthrough().optional(),
  });

  it('when a body carries unknown properties at any depth, then each is named, as strict routes already did', () => {
    expect(targetsOf(schema, { displayName: 'x', extra: 1 })).toEqual(['extra']);
    expect(targetsOf(schema, { displayName: 'x', settings: { enabled: true, hidden: 1 } })).toEqual(['settings.hidden']);
    expect(targetsOf(schema, { displayName: 'x', items: [{ id: '1', nope: true }] })).toEqual(['items.0.nope']);
    expect(targetsOf(schema, { displayName: 'x', choice: { kind: 'b', stray: 1 } })).toEqual(['choice.stray']);
  });

  it('when a schema chose passthrough, then its extra keys stay accepted', () => {
    expect(targetsOf(schema, { displayName: 'x', open: { anything: 1 } })).toEqual([]);
  });

  it("when a body carries Graph's @odata.type annotation where the schema does not use it, then it is accepted and dropped", () => {
    const out = parseWith(boundaryBody(schema).parse, { '@odata.type': '#microsoft.graph.thing', displayName: 'x', settings: { '@odata.type': '#x', enabled: true } }, 'request body');
    expect(out).toEqual({ displayName: 'x', settings: { enabled: true } });
    expect(Object.keys(out)).not.toContain('@odata.type');
  });

  it('when text is refused, then the 400 names the property even before the schema runs', () => {
    expect(targetsOf(schema, { displayName: 'Anna\u202eevil' })).toEqual(['displayName']);
    expect(targetsOf(schema, { displayName: 'x', unknownButBad: '\u0000' })).toEqual(['unknownButBad']);
  });

  it('when the original schema is used elsewhere, then it is left as it was (strictness is a copy)', () => {
    strictObjects(schema);
    expect(schema.safeParse({ displayName: 'x', extra: 1 }).success).toBe(true);
  });

  it('when a schema is recursive, then the strict copy is too', () => {
    type Node = { name: string; children?: Node[] };
    const node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(node).optional() }));
    expect(targetsOf(node, { name: 'a', children: [{ name: 'b', nope: 1 }] })).toEqual(['children.0.nope']);
  });
});

describe('well-formed JSON answers', () => {
  it('when a stored value holds an unpaired surrogate, then the answer carries U+FFFD and serializes to valid UTF-8', () => {
    const value = { value: [{ displayName: 'bad\ud800', ok: 'fine 😀' }], count: 1 };
    const out = wellFormedJson(value);
    expect(out.value[0]!.displayName).toBe('bad\ufffd');
    const bytes = Buffer.from(JSON.stringify(out), 'utf8');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    expect(JSON.stringify(out)).not.toMatch(/\\ud8/);
  });

  it('when nothing is wrong, then the same object comes back (no copy)', () => {
    const value = { a: ['x', { b: 'y' }] };
    expect(wellFormedJson(value)).toBe(value);
  });
});
