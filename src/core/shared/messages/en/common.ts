/** Texts shared by every room. */
export const common = {
  'common.cancel': 'Cancel',
  'common.sandbox_marker': 'SANDBOX · simulated payments',
} as const;
