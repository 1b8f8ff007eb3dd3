import { createConstraint, type RouteConstraint } from './route-constraints';

interface LiteralPart {
  kind: 'literal';
  text: string;
}

interface ParameterPart {
  kind: 'parameter';
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: RouteConstraint[];
}

type Part = LiteralPart | ParameterPart;
type Segment = Part[];

/** A parsed Functions route template (ASP.NET Core syntax). */
export interface RouteTemplate {
  readonly template: string;
  /**
   * ASP.NET Core's inbound precedence, one digit per segment (literal 1, complex or constrained
   * parameter 2, parameter 3, constrained catch-all 4, catch-all 5): lower is more specific.
   */
  readonly precedence: readonly number[];
  readonly parameterNames: readonly string[];
  /** Route values for the decoded path segments, or null when the template does not match. */
  match(segments: readonly string[]): Record<string, string> | null;
  /** A concrete path this template matches (used to detect overlapping routes), if one is easy to build. */
  samplePath(): string[] | null;
}

/** Splits on `sep` outside parentheses (regex constraint arguments may contain it). */
function splitOutsideParens(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function parseParameter(inner: string): ParameterPart {
  let text = inner;
  const catchAll = text.startsWith('*');
  text = text.replace(/^\*{1,2}/, '');
  let optional = false;
  let defaultValue: string | undefined;
  const [beforeDefault, ...defaultParts] = splitOutsideParens(text, '=');
  text = beforeDefault ?? '';
  if (defaultParts.length > 0) defaultValue = defaultParts.join('=');
  else if (text.endsWith('?')) {
    optional = true;
    text = text.slice(0, -1);
  }
  const [name, ...constraintTexts] = splitOutsideParens(text, ':');
  if (!name || !/^[^{}/?*=:]+$/.test(name)) throw new Error(`the parameter '{${inner}}' has an invalid name`);
  const constraints = constraintTexts.map((c) => {
    const m = /^([A-Za-z]+)(?:\((.*)\))?$/s.exec(c);
    if (!m) throw new Error(`the constraint '${c}' on '{${inner}}' is malformed`);
    return createConstraint(m[1]!, m[2]);
  });
  return { kind: 'parameter', name, optional: optional || catchAll, catchAll, defaultValue, constraints };
}

function parseSegment(text: string): Segment {
  const parts: Part[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '{') {
      // Inside a parameter `{{` and `}}` stand for literal braces (regex constraints need them).
      let close = i + 1;
      while (close < text.length && !(text[close] === '}' && text[close + 1] !== '}')) {
        close += (text[close] === '{' && text[close + 1] === '{') || (text[close] === '}' && text[close + 1] === '}') ? 2 : 1;
      }
      if (close >= text.length) throw new Error(`unbalanced '{' in '${text}'`);
      parts.push(parseParameter(text.slice(i + 1, close).replace(/\{\{/g, '{').replace(/\}\}/g, '}')));
      i = close + 1;
    } else {
      const next = text.indexOf('{', i);
      const end = next < 0 ? text.length : next;
      if (text.slice(i, end).includes('}')) throw new Error(`unbalanced '}' in '${text}'`);
      parts.push({ kind: 'literal', text: text.slice(i, end) });
      i = end;
    }
  }
  return parts;
}

function precedenceDigit(segment: Segment): number {
  if (segment.length > 1) return 2;
  const part = segment[0]!;
  if (part.kind === 'literal') return 1;
  const digit = part.catchAll ? 5 : 3;
  return part.constraints.length > 0 ? digit - 1 : digit;
}

function accepts(part: ParameterPart, value: string): boolean {
  return part.constraints.every((c) => c(value));
}

const SAMPLE_VALUES = ['1', 'a', '00000000-0000-0000-0000-000000000001', 'true', '2000-01-01', 'sample-value'];

function sampleSegment(segment: Segment): string | null {
  if (segment.length > 1) return null;
  const part = segment[0]!;
  if (part.kind === 'literal') return part.text;
  return SAMPLE_VALUES.find((v) => accepts(part, v)) ?? null;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A segment mixing literals and parameters (`{name}.{ext}`); earlier parameters are greedy, as in ASP.NET. */
function matchComplex(segment: Segment, value: string, values: Record<string, string>): boolean {
  const source = segment.map((p) => (p.kind === 'literal' ? escapeRegex(p.text) : '(.+)')).join('');
  const m = new RegExp(`^${source}$`, 'is').exec(value);
  if (!m) return false;
  let group = 1;
  for (const part of segment) {
    if (part.kind !== 'parameter') continue;
    const captured = m[group++]!;
    if (!accepts(part, captured)) return false;
    values[part.name] = captured;
  }
  return true;
}

/** Parses a route template such as `users/{id:guid}`, `items/{cat}/{id?}` or `files/{*path}`. */
export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^\/+|\/+$/g, '');
  const segments: Segment[] = trimmed === '' ? [] : trimmed.split('/').map((s, index, all) => {
    if (s === '') throw new Error(`the route template '${template}' has an empty segment`);
    const segment = parseSegment(s);
    for (const part of segment) {
      if (part.kind !== 'parameter') continue;
      if (part.catchAll && (index < all.length - 1 || segment.length > 1)) {
        throw new Error(`the catch-all parameter '{*${part.name}}' must be the last segment of '${template}'`);
      }
    }
    return segment;
  });
  const parameters = segments.flat().filter((p): p is ParameterPart => p.kind === 'parameter');
  const names = parameters.map((p) => p.name.toLowerCase());
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`the route parameter '${duplicate}' appears more than once in '${template}'`);

  return {
    template: trimmed,
    precedence: segments.map(precedenceDigit),
    parameterNames: parameters.map((p) => p.name),
    match(path) {
      const values: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        const single = segment.length === 1 ? segment[0]! : undefined;
        if (single?.kind === 'parameter' && single.catchAll) {
          const rest = path.slice(i).join('/');
          const value = rest === '' ? single.defaultValue : rest;
          if (value !== undefined) {
            if (!accepts(single, value)) return null;
            values[single.name] = value;
          }
          return values;
        }
        const value = path[i];
        if (value === undefined) {
          // Missing trailing segments are fine only for optional or defaulted parameters.
          if (single?.kind !== 'parameter' || !(single.optional || single.defaultValue !== undefined)) return null;
          if (single.defaultValue !== undefined) values[single.name] = single.defaultValue;
          continue;
        }
        if (single?.kind === 'literal') {
          if (single.text.toLowerCase() !== value.toLowerCase()) return null;
        } else if (single?.kind === 'parameter') {
          if (value === '' || !accepts(single, value)) return null;
          values[single.name] = value;
        } else if (!matchComplex(segment, value, values)) {
          return null;
        }
      }
      return path.length > segments.length ? null : values;
    },
    samplePath() {
      const sample = segments.map(sampleSegment);
      return sample.every((s): s is string => s !== null) ? sample : null;
    },
  };
}

/** Negative when `a` is more specific than `b` (ASP.NET Core inbound precedence). */
export function comparePrecedence(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
