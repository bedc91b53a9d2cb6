import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../runner/errors.js';
import type { AssessmentMethod } from '../certificate/certificate.js';
import { compileSchema } from '../../runner/json-schema.js';
import { parseJsonFile, readUserFile } from '../user-file.js';
import type { CapabilityLevel } from '../scoring/capability-levels.js';
import schema from '../schemas/gate-policy.schema.json' with { type: 'json' };

/** A procurement gate: what a certificate must show (reports/schemas/gate-policy.schema.json). */
export interface GatePolicy {
  readonly name: string;
  readonly description?: string;
  readonly requiredSuites?: readonly string[];
  readonly requiredRequirements?: readonly string[];
  readonly maxShallFailures?: number;
  readonly maxShouldFailures?: number;
  readonly minLevel?: CapabilityLevel;
  readonly maxCertificateAgeDays?: number;
  readonly acceptedMethods?: readonly AssessmentMethod[];
  readonly acceptedIssuers?: readonly string[];
}

const fix = 'see reports/schemas/gate-policy.schema.json and the examples in policies/';

/** Reads a gate policy from JSON or YAML (.yaml/.yml), checked against its schema. */
export async function readGatePolicy(file: string): Promise<GatePolicy> {
  const text = await readUserFile(file, 'gate policy', 'check the --policy path');
  return parseGatePolicy(text, file);
}

export function parseGatePolicy(text: string, name: string): GatePolicy {
  const value = /^\.ya?ml$/i.test(extname(name)) ? parseYamlPolicy(text, name) : parseJsonFile(text, `gate policy ${name}`, fix);
  const checked = compileSchema<GatePolicy>(schema)(value);
  if (!checked.ok) throw new UsageError(`gate policy ${name}: ${checked.problem}`, { fix });
  return checked.value;
}

function parseYamlPolicy(text: string, name: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: false, uniqueKeys: true }) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`gate policy ${name} is not valid YAML (${reason})`, { fix });
  }
}
