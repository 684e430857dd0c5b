/** Texts shared by every room. */
export const common = {
  'common.sandbox_marker': 'SANDBOX · simulated payments',
} as const;
