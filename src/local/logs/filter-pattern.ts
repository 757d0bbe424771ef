// CloudWatch Logs filter patterns, parsed once and matched against event messages (pure).
// Supported: terms, "quoted phrases", -exclusions, ?any-of terms, %regex%, and JSON patterns such as
// { $.level = "ERROR" && ($.ms > 100 || $.retry IS TRUE) }. Space-delimited [a, b] patterns are not.

import { errorMessage } from '../../core/errors.js';

export type MessageMatcher = (message: string) => boolean;

export class FilterPatternError extends Error {}

/** Compiles a pattern; the empty pattern matches everything. Throws FilterPatternError for bad syntax. */
export function compileFilterPattern(pattern: string | undefined): MessageMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw new FilterPatternError('space-delimited filter patterns ([...]) are not supported locally');
  if (text.length > 1 && text.startsWith('%') && text.endsWith('%')) {
    let regex: RegExp;
    try {
      regex = new RegExp(text.slice(1, -1));
    } catch (error) {
      throw new FilterPatternError(`invalid regular expression: ${errorMessage(error)}`);
    }
    return (message) => regex.test(message);
  }
  return compileTermPattern(text);
}

// ---- term patterns ----------------------------------------------------------------------------

interface Term {
  readonly text: string;
  readonly kind: 'required' | 'excluded' | 'optional';
}

/**
 * The text of the quoted string opening at `start`, with \" and other backslash escapes resolved, and the index
 * after its closing quote; undefined when it is not closed.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\' && index + 1 < text.length) {
      value += text.charAt(index + 1);
      index += 2;
      continue;
    }
    index++;
    if (char === '"') return { value, end: index };
    value += char;
  }
  return undefined;
}

/** Splits on whitespace, keeping "quoted phrases" (with \" escapes) whole; a leading - or ? marks the term. */
export function parseTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  let index = 0;
  while (index < pattern.length) {
    while (index < pattern.length && /\s/.test(pattern.charAt(index))) index++;
    if (index >= pattern.length) break;
    let kind: Term['kind'] = 'required';
    if (pattern.charAt(index) === '-' || pattern.charAt(index) === '?') {
      kind = pattern.charAt(index) === '-' ? 'excluded' : 'optional';
      index++;
    }
    let text = '';
    if (pattern.charAt(index) === '"') {
      const quoted = readQuoted(pattern, index);
      if (!quoted) throw new FilterPatternError('unterminated quoted phrase in filter pattern');
      text = quoted.value;
      index = quoted.end;
    } else {
      while (index < pattern.length && !/\s/.test(pattern.charAt(index))) text += pattern.charAt(index++);
    }
    if (text === '') throw new FilterPatternError('empty term in filter pattern');
    terms.push({ text, kind });
  }
  return terms;
}

function compileTermPattern(pattern: string): MessageMatcher {
  const terms = parseTerms(pattern);
  const required = terms.filter((t) => t.kind === 'required').map((t) => t.text);
  const excluded = terms.filter((t) => t.kind === 'excluded').map((t) => t.text);
  const optional = terms.filter((t) => t.kind === 'optional').map((t) => t.text);
  return (message) =>
    required.every((t) => message.includes(t)) &&
    !excluded.some((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t)));
}

// ---- JSON patterns ----------------------------------------------------------------------------

const COMPARATORS = ['=', '!=', '<', '>', '<=', '>='] as const;
type Comparator = (typeof COMPARATORS)[number];

function isComparator(text: string): text is Comparator {
  return COMPARATORS.some((comparator) => comparator === text);
}

type JsonCondition =
  | { readonly kind: 'and' | 'or'; readonly left: JsonCondition; readonly right: JsonCondition }
  | {
      readonly kind: 'compare';
      readonly path: readonly (string | number)[];
      readonly op: Comparator;
      readonly value: string | number;
      readonly quoted: boolean;
    }
  | { readonly kind: 'is'; readonly path: readonly (string | number)[]; readonly value: null | true | false }
  | { readonly kind: 'exists'; readonly path: readonly (string | number)[]; readonly negated: boolean };

type Token =
  | { readonly type: 'punct'; readonly value: string }
  | { readonly type: 'selector'; readonly value: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'word'; readonly value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const two = text.slice(index, index + 2);
    if (['&&', '||', '!=', '<=', '>='].includes(two)) {
      tokens.push({ type: 'punct', value: two });
      index += 2;
      continue;
    }
    if ('{}()=<>'.includes(char)) {
      tokens.push({ type: 'punct', value: char });
      index++;
      continue;
    }
    if (char === '"') {
      const quoted = readQuoted(text, index);
      if (!quoted) throw new FilterPatternError('unterminated string in JSON filter pattern');
      tokens.push({ type: 'string', value: quoted.value });
      index = quoted.end;
      continue;
    }
    let word = '';
    while (index < text.length && !/\s/.test(text.charAt(index)) && !'{}()=<>!&|"'.includes(text.charAt(index))) {
      word += text.charAt(index++);
    }
    if (word === '') throw new FilterPatternError(`unexpected '${char}' in JSON filter pattern`);
    tokens.push({ type: word.startsWith('$') ? 'selector' : 'word', value: word });
  }
  return tokens;
}

/** `$.a.b[0].c` to `['a', 'b', 0, 'c']`. */
export function parseSelector(selector: string): (string | number)[] {
  if (selector === '$') return [];
  if (!selector.startsWith('$.') && !selector.startsWith('$[')) throw new FilterPatternError(`invalid selector ${selector}`);
  const path: (string | number)[] = [];
  const step = /\.([^.[\]]+)|\[(\d+)\]/y;
  let position = 1;
  while (position < selector.length) {
    step.lastIndex = position;
    const match = step.exec(selector);
    if (!match) throw new FilterPatternError(`invalid selector ${selector}`);
    path.push(match[1] !== undefined ? match[1] : Number(match[2]));
    position = step.lastIndex;
  }
  if (path.length === 0) throw new FilterPatternError(`invalid selector ${selector}`);
  return path;
}

class JsonPatternParser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): JsonCondition {
    this.expect('{');
    const condition = this.or();
    this.expect('}');
    if (this.position !== this.tokens.length) throw new FilterPatternError('unexpected text after the closing }');
    return condition;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new FilterPatternError('JSON filter pattern ends too early');
    return token;
  }

  private expect(value: string): void {
    const token = this.next();
    if (token.type !== 'punct' || token.value !== value) throw new FilterPatternError(`expected '${value}' in JSON filter pattern`);
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token?.type === 'punct' && token.value === value;
  }

  private or(): JsonCondition {
    let left = this.and();
    while (this.isPunct('||')) {
      this.position++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): JsonCondition {
    let left = this.primary();
    while (this.isPunct('&&')) {
      this.position++;
      left = { kind: 'and', left, right: this.primary() };
    }
    return left;
  }

  private primary(): JsonCondition {
    if (this.isPunct('(')) {
      this.position++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const selector = this.next();
    if (selector.type !== 'selector') throw new FilterPatternError(`expected a $. selector, got '${selector.value}'`);
    const path = parseSelector(selector.value);
    const operator = this.next();
    if (operator.type === 'word' && operator.value.toUpperCase() === 'IS') {
      const value = this.next().value.toUpperCase();
      if (value === 'NULL') return { kind: 'is', path, value: null };
      if (value === 'TRUE') return { kind: 'is', path, value: true };
      if (value === 'FALSE') return { kind: 'is', path, value: false };
      throw new FilterPatternError(`expected NULL, TRUE or FALSE after IS, got '${value}'`);
    }
    if (operator.type === 'word' && operator.value.toUpperCase() === 'NOT') {
      if (this.next().value.toUpperCase() !== 'EXISTS') throw new FilterPatternError('expected EXISTS after NOT');
      return { kind: 'exists', path, negated: true };
    }
    if (operator.type === 'word' && operator.value.toUpperCase() === 'EXISTS') return { kind: 'exists', path, negated: false };
    const op = operator.value;
    if (operator.type !== 'punct' || !isComparator(op)) throw new FilterPatternError(`expected a comparison after ${selector.value}`);
    const operand = this.next();
    if (operand.type === 'string') return { kind: 'compare', path, op, value: operand.value, quoted: true };
    if (operand.type !== 'word') throw new FilterPatternError(`expected a value after ${op}`);
    const number = Number(operand.value);
    if (operand.value !== '' && Number.isFinite(number)) return { kind: 'compare', path, op, value: number, quoted: false };
    return { kind: 'compare', path, op, value: operand.value, quoted: false };
  }
}

function resolve(value: unknown, path: readonly (string | number)[]): { found: boolean; value: unknown } {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false, value: undefined };
      current = current[step];
    } else {
      if (Array.isArray(current) || !(step in current)) return { found: false, value: undefined };
      current = Reflect.get(current, step);
    }
  }
  return { found: true, value: current };
}

/** `*` in a string value is a wildcard, as in CloudWatch. */
function wildcardMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return regex.test(text);
}

function evaluate(condition: JsonCondition, document: unknown): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, document) && evaluate(condition.right, document);
    case 'or':
      return evaluate(condition.left, document) || evaluate(condition.right, document);
    case 'exists':
      return resolve(document, condition.path).found !== condition.negated;
    case 'is': {
      const { found, value } = resolve(document, condition.path);
      return found && value === condition.value;
    }
    case 'compare': {
      const { found, value } = resolve(document, condition.path);
      if (!found) return false;
      const { op } = condition;
      if (typeof condition.value === 'number') {
        if (typeof value !== 'number') return false;
        switch (op) {
          case '=':
            return value === condition.value;
          case '!=':
            return value !== condition.value;
          case '<':
            return value < condition.value;
          case '>':
            return value > condition.value;
          case '<=':
            return value <= condition.value;
          case '>=':
            return value >= condition.value;
        }
      }
      if (op !== '=' && op !== '!=') return false;
      const text = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : undefined;
      if (text === undefined) return false;
      const equal = wildcardMatch(condition.value, text);
      return op === '=' ? equal : !equal;
    }
  }
}

function compileJsonPattern(pattern: string): MessageMatcher {
  const condition = new JsonPatternParser(tokenize(pattern)).parse();
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(condition, document);
  };
}
