/** The public surface of core: what adapters, main.ts and infrastructure import. */

export { COMMANDS } from './commands/table.ts';
export type { CouponRequest, CouponState } from './coupon-request.ts';
export { CheckoutOutcomeRelay, ConversationEngine, type EngineOptions, type SweepResult } from './engine.ts';
export * from './errors.ts';
export type { CommandSpec } from './handler.ts';
export * from './inbound.ts';
export {
  type AlertState,
  type CheckResult,
  LowBalanceMonitor,
  type LowBalanceMonitorDeps,
  type LowBalanceMonitorOptions,
} from './low-balance-monitor.ts';
export { flushMicrotasks, ManualClock } from './manual-clock.ts';
export * from './money.ts';
export { SANDBOX_LINE } from './outbox.ts';
export { DEFAULT_POLICY, makePolicy, type Policy } from './policy.ts';
export * from './ports.ts';
export * from './reply.ts';
export * from './request.ts';
export type { EngineDeps } from './services.ts';
export { canTransition } from './state-machine.ts';
export * from './types.ts';
