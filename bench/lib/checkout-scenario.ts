/**
 * Who pays when, drawn from a fixed seed so every run (and every policy in a run) sees the same
 * schedule. Times are ms from the start of the run.
 */
import { seededRandom } from './stats.ts';

export interface Checkout {
  readonly id: string;
  readonly createAt: number;
  readonly payAt: number;
  /** When the payer clicks "I've paid", if they do. */
  readonly clickAt: number | undefined;
  /** When the payer opens the tracked pay link (core/pay-link.ts), if the scenario has opens. */
  readonly openAt?: number;
}

export interface ScenarioShape {
  readonly name: string;
  readonly description: string;
  readonly count: number;
  /** When link i is created. */
  createAt(random: () => number, i: number): number;
  /** When it is paid, given when it was created. */
  payAt(random: () => number, createdAt: number): number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const logUniform = (random: () => number, lo: number, hi: number) => lo * (hi / lo) ** random();

/** Links created at random moments over two hours; most payers pay within minutes, some take half an hour. */
export const STEADY: ScenarioShape = {
  name: 'steady',
  description:
    '200 links created at uniformly random moments over 2 h; each payer pays after a log-uniform delay of 20 s to 30 min',
  count: 200,
  createAt: (random) => Math.floor(random() * 2 * HOUR),
  payAt: (random, createdAt) => createdAt + Math.floor(logUniform(random, 20_000, 30 * MINUTE)),
};

/** The worst case for a shared budget: every link open at once, payments spread over two hours. */
export const BURST: ScenarioShape = {
  name: 'burst',
  description: '200 links created in the first 10 s; each paid at a uniformly random moment from 20 s to 2 h',
  count: 200,
  createAt: (_random, i) => i * 50,
  payAt: (random, createdAt) => createdAt + 20_000 + Math.floor(random() * (2 * HOUR - 20_000)),
};

/** A third of the payers click "I've paid" 5 to 60 s after paying (back from Stripe's page). */
export function buildScenario(shape: ScenarioShape, seed: number): Checkout[] {
  const random = seededRandom(seed);
  return Array.from({ length: shape.count }, (_, i) => {
    const createAt = shape.createAt(random, i);
    const payAt = shape.payAt(random, createAt);
    const clickDelay = 5_000 + Math.floor(random() * 55_000);
    return { id: `req-${i}`, createAt, payAt, clickAt: i % 3 === 0 ? payAt + clickDelay : undefined };
  });
}

/**
 * The same payers, opening the tracked pay link a log-uniform 20 s to 10 min before they pay
 * (reading, fetching a card), never before the link exists. Drawn from a stream of its own, so
 * the payments and clicks are those of `checkouts`.
 */
export function withOpens(checkouts: readonly Checkout[], seed: number): Checkout[] {
  const random = seededRandom(seed);
  return checkouts.map((c) => ({
    ...c,
    openAt: Math.max(c.createAt + 1_000, c.payAt - Math.floor(logUniform(random, 20_000, 10 * MINUTE))),
  }));
}
