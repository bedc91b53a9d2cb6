import fhirpath from 'fhirpath';

/**
 * Which properties of its focus an invariant reads, worked out from its FHIRPath syntax tree, so that an
 * invariant over properties the element does not have is answered from one evaluation on an empty element.
 * Undefined when the expression may read anything else: the focus itself ($this, children(), exists() at the
 * root), %resource or %rootResource. Lambda arguments (where, all, select, …) of a path that starts at an
 * absent property are never evaluated, so what they read does not count.
 */
export function focusDependencies(expression: string): ReadonlySet<string> | undefined {
  let tree: AstNode;
  try {
    tree = fhirpath.parse(expression) as AstNode;
  } catch {
    return undefined;
  }
  const state = { deps: new Set<string>(), safe: true };
  analyze(tree, state);
  return state.safe ? state.deps : undefined;
}

interface AstNode {
  readonly type: string;
  readonly text?: string;
  readonly children?: readonly AstNode[];
}

interface State {
  readonly deps: Set<string>;
  safe: boolean;
}

const lambdaFunctions = new Set(['where', 'select', 'all', 'exists', 'repeat', 'aggregate', 'sort', 'any', 'trace']);
const constants = new Set(['ucum', 'sct', 'loinc']);

function analyze(node: AstNode, state: State): void {
  if (!state.safe) return;
  const children = node.children ?? [];
  switch (node.type) {
    case 'InvocationExpression': {
      const [left, invocation] = children;
      if (left !== undefined) analyze(left, state);
      if (invocation?.type === 'FunctionInvocation') functionOnPath(invocation, left !== undefined && startsAtFocusMember(left), state);
      return;
    }
    case 'InvocationTerm': {
      const [term] = children;
      if (term?.type === 'MemberInvocation') state.deps.add(term.text ?? identifierOf(term));
      else if (term?.type === 'FunctionInvocation') functionAtFocus(term, state);
      else state.safe = false;
      return;
    }
    case 'ExternalConstantTerm':
      if (!constants.has(identifierOf(node))) state.safe = false;
      return;
    default:
      for (const child of children) analyze(child, state);
  }
}

/** A function applied to the focus itself: only iif() reads nothing of the focus beyond its arguments. */
function functionAtFocus(invocation: AstNode, state: State): void {
  if (functionName(invocation) !== 'iif') {
    state.safe = false;
    return;
  }
  for (const parameter of parameters(invocation)) analyze(parameter, state);
}

function functionOnPath(invocation: AstNode, inputFromFocusMember: boolean, state: State): void {
  const name = functionName(invocation);
  if (lambdaFunctions.has(name)) {
    // Evaluated per input item: never, when the path starts at an absent property; otherwise relative to items we cannot see.
    if (!inputFromFocusMember && parameters(invocation).length > 0) state.safe = false;
    return;
  }
  for (const parameter of parameters(invocation)) analyze(parameter, state);
}

function startsAtFocusMember(node: AstNode): boolean {
  let current: AstNode | undefined = node;
  while (current !== undefined) {
    if (current.type === 'MemberInvocation') return true;
    if (current.type !== 'InvocationExpression' && current.type !== 'TermExpression' && current.type !== 'InvocationTerm') return false;
    current = current.children?.[0];
  }
  return false;
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

/** Whether an object has any of the properties (a choice name `value` matches `valueQuantity`; `_name` counts). */
export function hasAnyProperty(obj: Record<string, unknown>, names: ReadonlySet<string>): boolean {
  for (const key of Object.keys(obj)) {
    const name = key.startsWith('_') ? key.slice(1) : key;
    if (names.has(name)) return true;
    for (const dep of names) {
      if (name.length > dep.length && name.startsWith(dep) && /[A-Z]/.test(name.charAt(dep.length))) return true;
    }
  }
  return false;
}
