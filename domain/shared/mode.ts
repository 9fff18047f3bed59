/** TEST and LIVE never meet: every row carries its mode, taken from the credential. */
export const MODES = ['TEST', 'LIVE'] as const;
export type Mode = (typeof MODES)[number];
