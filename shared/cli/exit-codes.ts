/** Exit codes of the `reportage` command: a contract that scripts rely on. */
export const EXIT = {
  ok: 0,
  /** An internal fault: something the user cannot fix by changing the input. */
  fault: 1,
  /** Some input was rejected (bad media, invalid option): the output says why. */
  rejected: 2,
  usage: 2,
} as const;
