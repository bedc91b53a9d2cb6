import type { Findings, Where } from './issues.js';
import type { CompiledStructure, ElementNode } from './structure.js';

/** Checks how many times an element occurs against its definition's min and max; reported on the parent. */
export function checkCardinality(findings: Findings, node: ElementNode, count: number, parentPath: Where, structure: CompiledStructure): void {
  const label = node.sliceName === undefined ? node.path : `${node.path}:${node.sliceName}`;
  if (count < node.min) {
    findings.error('required', parentPath, `${label}: minimum required = ${node.min}, but only found ${count} (from ${structure.label})`);
  }
  if (count > node.max) {
    findings.error('structure', parentPath, `${label}: max allowed = ${node.max}, but found ${count} (from ${structure.label})`);
  }
}
