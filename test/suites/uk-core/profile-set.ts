/** A ProfileSet over loaded Definitions with the profiles room's validator, for the uk-core tests. */
import type { Definitions, ProfileSet } from '../../../profiles/index.js';
import { createValidator } from '../../../profiles/validator/index.js';

export function profileSetOf(definitions: Definitions): ProfileSet {
  const validator = createValidator(definitions);
  return {
    packages: definitions.packages,
    terminology: { kind: 'local' },
    resolve: (canonical) => definitions.resolve(canonical),
    validate: (resource, options) => validator.validate(resource, options),
  };
}
