/** The engine's own answers: the command and action tables' refusals, a busy request, a failure. */
export const engine = {
  'engine.no_such_command': 'There is no "/ml {sub}" command.',
  'engine.action_unavailable': 'That button is not available in this version.',
  'engine.busy': 'That request is busy right now; try again in a moment.',
  'engine.failure': 'Something went wrong (ref: {ref}).',
} as const;
