/** The public surface of core: what adapters, main.ts and infrastructure import. */

export {
  type AlertState,
  type CheckResult,
  LowBalanceMonitor,
  type LowBalanceMonitorDeps,
  type LowBalanceMonitorOptions,
} from './alerts/low-balance-monitor.ts';
export type { CouponRequest, CouponState } from './coupons/coupon-request.ts';
export { CheckoutOutcomeRelay, ConversationEngine, type EngineOptions, type SweepResult } from './engine.ts';
export { COMMANDS } from './registry/commands.ts';
export * from './requests/request.ts';
export { canTransition } from './requests/state-machine.ts';
export * from './shared/errors.ts';
export type { CommandSpec } from './shared/handler.ts';
export * from './shared/inbound.ts';
export { flushMicrotasks, ManualClock } from './shared/manual-clock.ts';
export * from './shared/money.ts';
export { SANDBOX_LINE } from './shared/outbox.ts';
export { DEFAULT_POLICY, makePolicy, type Policy } from './shared/policy.ts';
export * from './shared/ports.ts';
export * from './shared/reply.ts';
export type { EngineDeps } from './shared/services.ts';
export * from './shared/types.ts';
export {
  defaultSettings,
  installWelcome,
  opensForm,
  routeOf,
  settingsToPolicy,
  TenantRouter,
  type TenantRouterDeps,
} from './workspace/index.ts';
