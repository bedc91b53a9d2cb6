import fhirpath from 'fhirpath';

/** The syntax of the FHIRPath subset simple-invariants.ts evaluates, read from fhirpath.js's parse tree. */

export interface AstNode {
  readonly type: string;
  readonly text?: string;
  readonly children?: readonly AstNode[];
}

/** A path of member names from the focus. */
export interface PathTerm {
  readonly kind: 'path';
  readonly steps: readonly string[];
}

export type Term =
  | PathTerm
  | { readonly kind: 'exists' | 'empty'; readonly path: PathTerm }
  | { readonly kind: 'count'; readonly path: PathTerm; readonly op: string; readonly limit: number }
  | { readonly kind: 'equals'; readonly path: PathTerm; readonly negated: boolean; readonly literal: string }
  | { readonly kind: 'matches'; readonly path: PathTerm; readonly pattern: string }
  | { readonly kind: 'not'; readonly operand: Term }
  | { readonly kind: 'and' | 'or' | 'implies'; readonly left: Term; readonly right: Term };

/** The term an expression is, or undefined when it uses anything beyond the subset. */
export function parseSimple(expression: string): Term | undefined {
  try {
    return booleanTerm(unwrap(fhirpath.parse(expression) as AstNode));
  } catch {
    return undefined;
  }
}

function unwrap(node: AstNode): AstNode {
  let current = node;
  while ((current.type === 'EntireExpression' || current.type === 'TermExpression' || current.type === 'ParenthesizedTerm') && current.children?.length === 1) {
    const [only] = current.children;
    if (only === undefined) break;
    current = only;
  }
  return current;
}

/** A term whose value is a boolean or empty. */
function booleanTerm(node: AstNode): Term | undefined {
  const children = (node.children ?? []).map(unwrap);
  const [left, right] = children;
  switch (node.type) {
    case 'AndExpression':
    case 'OrExpression':
    case 'ImpliesExpression': {
      if (left === undefined || right === undefined || children.length !== 2) return undefined;
      const kind = node.type === 'AndExpression' ? 'and' : node.type === 'OrExpression' ? (node.text === 'or' ? 'or' : undefined) : 'implies';
      const l = booleanTerm(left);
      const r = booleanTerm(right);
      return kind === undefined || l === undefined || r === undefined ? undefined : { kind, left: l, right: r };
    }
    case 'EqualityExpression': {
      if (left === undefined || right === undefined || (node.text !== '=' && node.text !== '!=')) return undefined;
      const path = pathTerm(left);
      const literal = stringLiteral(right);
      return path === undefined || literal === undefined ? undefined : { kind: 'equals', path, negated: node.text === '!=', literal };
    }
    case 'InequalityExpression': {
      if (left === undefined || right === undefined || left.type !== 'InvocationExpression') return undefined;
      const [counted, call] = (left.children ?? []).map(unwrap);
      const path = counted === undefined ? undefined : pathTerm(counted);
      const limit = integerLiteral(right);
      if (path === undefined || call === undefined || functionCall(call) !== 'count' || limit === undefined || node.text === undefined) return undefined;
      return { kind: 'count', path, op: node.text, limit };
    }
    case 'InvocationExpression': {
      const [target, call] = children;
      const name = call === undefined ? undefined : functionCall(call);
      if (target === undefined || name === undefined) return undefined;
      if (name === 'not') {
        const operand = booleanTerm(target);
        return operand === undefined ? undefined : { kind: 'not', operand };
      }
      const path = pathTerm(target);
      if (path === undefined) return undefined;
      if (name === 'exists' || name === 'empty') return { kind: name, path };
      const pattern = call === undefined || name !== 'matches' ? undefined : onlyParameter(call);
      return pattern === undefined || pattern === '' ? undefined : { kind: 'matches', path, pattern };
    }
    case 'InvocationTerm':
    case 'MemberInvocation':
      return pathTerm(node);
    default:
      return undefined;
  }
}

/** A chain of member names from the focus. */
function pathTerm(node: AstNode): PathTerm | undefined {
  const steps: string[] = [];
  let current: AstNode | undefined = unwrap(node);
  while (current !== undefined) {
    if (current.type === 'InvocationExpression') {
      const parts: AstNode[] = (current.children ?? []).map(unwrap);
      const [target, member] = parts;
      const name = member === undefined ? undefined : memberName(member);
      if (name === undefined) return undefined;
      steps.unshift(name);
      current = target;
    } else if (current.type === 'InvocationTerm') {
      const [member] = current.children ?? [];
      const name = member === undefined ? undefined : memberName(member);
      if (name === undefined) return undefined;
      steps.unshift(name);
      current = undefined;
    } else {
      return undefined;
    }
  }
  return steps.length === 0 ? undefined : { kind: 'path', steps };
}

/** A plain member name: lower-case first (an upper-case one may be a type), no backticks. */
function memberName(node: AstNode): string | undefined {
  if (node.type !== 'MemberInvocation' || node.text === undefined) return undefined;
  return /^[a-z][A-Za-z0-9]*$/u.test(node.text) ? node.text : undefined;
}

/** The name of a function called without parameters, or (matches) with one string literal. */
function functionCall(node: AstNode): string | undefined {
  if (node.type !== 'FunctionInvocation') return undefined;
  const [functn] = node.children ?? [];
  const [name, params] = functn?.children ?? [];
  if (name?.type !== 'Identifier') return undefined;
  if (params !== undefined) return name.text === 'matches' && onlyParameter(node) !== undefined ? name.text : undefined;
  return functn?.children?.length === 1 ? name.text : undefined;
}

/** The one string literal a function is called with. */
function onlyParameter(call: AstNode): string | undefined {
  const params = call.children?.[0]?.children?.[1];
  if (params?.type !== 'ParamList' || params.children?.length !== 1) return undefined;
  const [param] = params.children;
  return param === undefined ? undefined : stringLiteral(unwrap(param));
}

function stringLiteral(node: AstNode): string | undefined {
  const literal = node.type === 'LiteralTerm' ? node.children?.[0] : undefined;
  if (literal?.type !== 'StringLiteral' || literal.text === undefined) return undefined;
  const match = /^'((?:[^'\\]|\\.)*)'$/su.exec(literal.text);
  return match?.[1] === undefined ? undefined : unescaped(match[1]);
}

/** A string literal's escapes, read as fhirpath.js reads them. */
function unescaped(text: string): string {
  const named: Readonly<Record<string, string>> = { r: '\r', n: '\n', t: '\t', f: '\f' };
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_match, escape: string) => {
    if (escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return named[escape] ?? escape;
  });
}

function integerLiteral(node: AstNode): number | undefined {
  const literal = node.type === 'LiteralTerm' ? node.children?.[0] : undefined;
  if (literal?.type !== 'NumberLiteral' || literal.text === undefined || !/^\d{1,9}$/u.test(literal.text)) return undefined;
  return Number(literal.text);
}

