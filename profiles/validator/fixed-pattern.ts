/**
 * Fixed and pattern values (ElementDefinition.fixed[x], pattern[x]): a fixed value must be matched exactly,
 * a pattern only in what it says (every property it has, every array item somewhere in the instance's array).
 */
export function equalsFixed(instance: unknown, fixed: unknown): boolean {
  if (fixed === instance) return true;
  if (typeof fixed === 'number' && typeof instance === 'number') return fixed === instance;
  if (Array.isArray(fixed)) {
    return Array.isArray(instance) && instance.length === fixed.length && fixed.every((f, i) => equalsFixed(instance[i], f));
  }
  if (isObject(fixed)) {
    if (!isObject(instance)) return false;
    const fixedKeys = Object.keys(fixed);
    const instanceKeys = Object.keys(instance);
    return instanceKeys.length === fixedKeys.length && fixedKeys.every((k) => equalsFixed(instance[k], fixed[k]));
  }
  return false;
}

export function matchesPattern(instance: unknown, pattern: unknown): boolean {
  if (pattern === instance) return true;
  if (Array.isArray(pattern)) {
    const items: unknown[] = Array.isArray(instance) ? instance : instance === undefined ? [] : [instance];
    return pattern.every((p) => items.some((i) => matchesPattern(i, p)));
  }
  if (isObject(pattern)) {
    if (!isObject(instance)) return false;
    return Object.keys(pattern).every((k) => matchesPattern(instance[k], pattern[k]));
  }
  return false;
}

/** Properties of a complex instance value that a fixed value does not have (reported by name). */
export function extraProperties(instance: unknown, fixed: unknown): string[] {
  if (!isObject(instance) || !isObject(fixed)) return [];
  return Object.keys(instance).filter((k) => !(k in fixed));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
