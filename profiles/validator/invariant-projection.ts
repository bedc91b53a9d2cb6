import fhirpath from 'fhirpath';

/**
 * What of its focus an invariant reads, worked out from its FHIRPath syntax tree: the member paths it starts
 * from (`value`, `contained.contained`) and whether it uses only how many items they have (exists(), empty(),
 * count(), hasValue()) or their values. Two elements that agree on all of these get the same result, so an
 * invariant is evaluated once per distinct projection (by fhirpath.js) and the result reused.
 *
 * Paths from %resource and %rootResource count like paths from the focus. Undefined when the expression may
 * read anything else: the focus itself ($this, children(), a function at the root other than iif()), or
 * %resource and %rootResource other than through member paths (outside lambdas over a path of the focus);
 * nor when it calls a function whose answer depends on where the resource sits (resolve(), memberOf()).
 */
export type Projection = readonly ProjectedPath[];

export interface ProjectedPath {
  readonly path: readonly string[];
  readonly use: 'count' | 'value';
}

interface AstNode {
  readonly type: string;
  readonly text?: string;
  readonly children?: readonly AstNode[];
}

const countFunctions = new Set(['exists', 'empty', 'count', 'hasValue']);
const lambdaFunctions = new Set(['where', 'select', 'all', 'exists', 'repeat', 'aggregate', 'sort', 'any']);
const constants = new Set(['ucum', 'sct', 'loinc']);

export function projectionOf(expression: string): Projection | undefined {
  let tree: AstNode;
  try {
    tree = fhirpath.parse(expression) as AstNode;
  } catch {
    return undefined;
  }
  if (/\b(resolve|memberOf|conformsTo)\s*\(/.test(expression)) return undefined;
  const state = { paths: [] as ProjectedPath[], safe: true };
  analyze(tree, state);
  return state.safe ? state.paths : undefined;
}

interface State {
  readonly paths: ProjectedPath[];
  safe: boolean;
}

function analyze(node: AstNode, state: State): void {
  if (!state.safe) return;
  const children = node.children ?? [];
  switch (node.type) {
    case 'InvocationExpression': {
      const chain = memberChain(node);
      if (chain !== undefined) {
        state.paths.push({ path: chain, use: 'value' });
        return;
      }
      const [left, invocation] = children;
      if (left === undefined || invocation === undefined) return;
      const leftChain = memberChain(left);
      if (invocation.type === 'FunctionInvocation') {
        const name = functionName(invocation);
        const params = parameters(invocation);
        if (leftChain !== undefined) {
          state.paths.push({ path: leftChain, use: countFunctions.has(name) && params.length === 0 ? 'count' : 'value' });
          if (!isLambda(name, params)) for (const p of params) analyze(p, state);
          return;
        }
        analyze(left, state);
        // A lambda over items that come from a member of the focus reads only what that member's value holds.
        if (isLambda(name, params)) {
          if (!startsAtFocusMember(left)) state.safe = false;
        } else {
          for (const p of params) analyze(p, state);
        }
        return;
      }
      analyze(left, state);
      return;
    }
    case 'InvocationTerm': {
      const [term] = children;
      if (term?.type === 'MemberInvocation') state.paths.push({ path: [memberName(term)], use: 'value' });
      else if (term?.type === 'FunctionInvocation' && functionName(term) === 'iif') for (const p of parameters(term)) analyze(p, state);
      else state.safe = false;
      return;
    }
    case 'ExternalConstantTerm':
      if (!constants.has(identifierOf(node))) state.safe = false;
      return;
    case 'TermExpression': {
      const chain = memberChain(node);
      if (chain !== undefined) {
        state.paths.push({ path: chain, use: 'value' });
        return;
      }
      for (const child of children) analyze(child, state);
      return;
    }
    default:
      for (const child of children) analyze(child, state);
  }
}

/** Whether a function's arguments are evaluated per input item (trace's second argument is a projection). */
function isLambda(name: string, params: readonly AstNode[]): boolean {
  return (lambdaFunctions.has(name) && params.length > 0) || (name === 'trace' && params.length > 1);
}

/** Whether the leftmost term of a path is a member of the focus (`contained.where(…).first()`). */
function startsAtFocusMember(node: AstNode): boolean {
  let current: AstNode | undefined = node;
  while (current !== undefined) {
    if (current.type === 'MemberInvocation') return true;
    if (current.type !== 'InvocationExpression' && current.type !== 'TermExpression' && current.type !== 'InvocationTerm') return false;
    current = current.children?.[0];
  }
  return false;
}

/**
 * `a.b.c` (members only, from the focus) as ['a', 'b', 'c'], or from %resource / %rootResource as
 * ['%rootResource', 'contained', 'id']; undefined for anything else.
 */
function memberChain(node: AstNode): string[] | undefined {
  if (node.type === 'TermExpression') {
    const term = node.children?.[0];
    if (term?.type === 'ExternalConstantTerm') {
      const name = identifierOf(term);
      return name === 'resource' || name === 'rootResource' ? [`%${name}`] : undefined;
    }
    const member = term?.type === 'InvocationTerm' ? term.children?.[0] : undefined;
    return member?.type === 'MemberInvocation' ? [memberName(member)] : undefined;
  }
  if (node.type !== 'InvocationExpression') return undefined;
  const [left, right] = node.children ?? [];
  if (left === undefined || right?.type !== 'MemberInvocation') return undefined;
  const base = memberChain(left);
  return base === undefined ? undefined : [...base, memberName(right)];
}

function memberName(member: AstNode): string {
  return identifierOf(member).replace(/^`(.*)`$/, '$1');
}

function functionName(invocation: AstNode): string {
  const functn = invocation.children?.[0];
  return functn?.children?.[0]?.text ?? functn?.text ?? '';
}

function parameters(invocation: AstNode): readonly AstNode[] {
  const functn = invocation.children?.[0];
  return functn?.children?.find((c) => c.type === 'ParamList')?.children ?? [];
}

function identifierOf(node: AstNode): string {
  if (node.type === 'Identifier') return node.text ?? '';
  for (const child of node.children ?? []) {
    const found = identifierOf(child);
    if (found !== '') return found;
  }
  return '';
}

/** `valueQuantity` for `value`: a key that is the name followed by a capitalised type. */
function choiceKey(obj: Record<string, unknown>, name: string): string | undefined {
  for (const key in obj) {
    if (key.length > name.length && key.startsWith(name)) {
      const c = key.charCodeAt(name.length);
      if (c >= 65 && c <= 90) return key;
    }
  }
  return undefined;
}

/**
 * The key of an element under a projection: item counts, and values where the expression reads them. Undefined
 * when the element cannot be keyed (a value it reads is an object, or a primitive carries `_name` extensions).
 */
export function projectionKey(focus: unknown, projection: Projection, constants: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof focus !== 'object' || focus === null || Array.isArray(focus)) return undefined;
  let key = '';
  for (const { path, use } of projection) {
    const [first = '', ...rest] = path;
    const fromConstant = first.startsWith('%');
    let items: unknown[] = [fromConstant ? constants[first.slice(1)] : focus];
    let suffix = '';
    for (const name of fromConstant ? rest : path) {
      const next: unknown[] = [];
      for (const item of items) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
        const obj = item as Record<string, unknown>;
        if (`_${name}` in obj) return undefined;
        let value = obj[name];
        if (value === undefined) {
          const choice = choiceKey(obj, name);
          if (choice !== undefined) {
            if (`_${choice}` in obj) return undefined;
            value = obj[choice];
            suffix += choice;
          }
        }
        if (Array.isArray(value)) next.push(...(value as unknown[]));
        else if (value !== undefined && value !== null) next.push(value);
      }
      items = next;
    }
    if (use === 'count') key += `${items.length}${suffix};`;
    else {
      if (items.some((v) => typeof v === 'object' && v !== null)) return undefined;
      key += `${JSON.stringify(items)}${suffix};`;
    }
  }
  return key;
}
