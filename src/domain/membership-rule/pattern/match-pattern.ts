import type { RulePattern } from './compile-pattern';
import type { Assertion, CharSet, CodeRange, Shorthand } from './pattern-ast';

// .NET's Unicode meanings of \d, \w and \s, which Entra's regular expressions use.
const DIGIT = /^\p{Nd}$/u;
const WORD = /^[\p{L}\p{Mn}\p{Nd}\p{Pc}]$/u;
const SPACE = /^\s$/u;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD.test(char);
}

function inShorthand(item: Shorthand, char: string): boolean {
  const pattern = item.name === 'd' ? DIGIT : item.name === 'w' ? WORD : SPACE;
  return pattern.test(char) !== item.negated;
}

function inRange(item: CodeRange, char: string): boolean {
  const code = char.codePointAt(0) ?? -1;
  return code >= item.from && code <= item.to;
}

function inClass(items: readonly (CodeRange | Shorthand)[], char: string): boolean {
  return items.some((item) => (item.kind === 'range' ? inRange(item, char) : inShorthand(item, char)));
}

/** Case-insensitive: a character matches a class if it, its lower or its upper case form does. */
function accepts(set: CharSet, char: string): boolean {
  switch (set.kind) {
    case 'any':
      return char !== '\n';
    case 'literal':
      return char.toLowerCase() === set.char;
    case 'class': {
      const hit = inClass(set.items, char) || inClass(set.items, char.toLowerCase()) || inClass(set.items, char.toUpperCase());
      return hit !== set.negated;
    }
  }
}

function holds(assertion: Assertion, chars: readonly string[], at: number): boolean {
  switch (assertion) {
    case 'start':
      return at === 0;
    case 'end':
      return at === chars.length;
    case 'wordBoundary':
      return isWordChar(chars[at - 1]) !== isWordChar(chars[at]);
    case 'notWordBoundary':
      return isWordChar(chars[at - 1]) === isWordChar(chars[at]);
  }
}

/**
 * Whether the pattern occurs anywhere in `text`. A Pike VM: all NFA threads advance in lock-step
 * one character at a time, and each program counter is visited at most once per position, so
 * the work is bounded by text length × program size.
 */
export function matchPattern(pattern: RulePattern, text: string): boolean {
  const program = pattern.program;
  const chars = Array.from(text);
  // visitedAt[pc] === at + 1 marks pc as already added for position `at`.
  const visitedAt = new Int32Array(program.length);
  let found = false;

  const addThread = (list: number[], start: number, at: number): void => {
    const stack = [start];
    while (stack.length > 0 && !found) {
      const pc = stack.pop() as number;
      if (visitedAt[pc] === at + 1) continue;
      visitedAt[pc] = at + 1;
      const instruction = program[pc];
      if (instruction === undefined) continue;
      switch (instruction.op) {
        case 'match':
          found = true;
          break;
        case 'jump':
          stack.push(instruction.to);
          break;
        case 'split':
          stack.push(instruction.second, instruction.first);
          break;
        case 'assert':
          if (holds(instruction.assertion, chars, at)) stack.push(pc + 1);
          break;
        case 'char':
          list.push(pc);
      }
    }
  };

  let current: number[] = [];
  for (let at = 0; ; at += 1) {
    addThread(current, 0, at); // a fresh start at every position: the pattern is not anchored
    if (found) return true;
    const char = chars[at];
    if (char === undefined) return false;
    const next: number[] = [];
    for (const pc of current) {
      const instruction = program[pc];
      if (instruction?.op === 'char' && accepts(instruction.set, char)) addThread(next, pc + 1, at + 1);
      if (found) return true;
    }
    current = next;
  }
}
