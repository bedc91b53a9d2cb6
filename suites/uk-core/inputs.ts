/** The uk-core suite's inputs: how many instances to look at, or which ones. */
export const inputs = {
  maxInstances: { type: 'number', title: 'Resources to look at per resource type: the search follows its next links up to this many', default: 50 },
  instances: {
    type: 'string[]',
    title: 'Resources to check instead of searching, as Type/id (e.g. Patient/123)',
    description: 'Each is checked against the profiles it claims in meta.profile, or, claiming none, the base UK Core profile of its type.',
    default: [],
  },
  maxReferences: { type: 'number', title: 'Distinct references to resolve per profile', default: 20 },
} as const;

export type UkCoreInputs = typeof inputs;
