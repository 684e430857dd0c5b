/**
 * The front door of the subscriptions room: what another room may use of it. `/ml status`
 * (fund/status.ts) lists the account's subscriptions with their management buttons, so it shows
 * them the way this room names them and offers the buttons this room's handlers answer.
 * Everything else in this folder is the room's own (test/core/boundary.test.ts checks it).
 */

// The failed-payment monitor (issue 18): src/bot.ts and the tenant hub start it beside the
// low-balance monitor.
export {
  PaymentMonitor,
  type PaymentMonitorDeps,
  type PaymentMonitorOptions,
  type RoundResult,
} from './payment-monitor.ts';
export { noticeKey, type PaymentNotice } from './payment-monitor-notice.ts';
export { manageButtons, subscriptionLine } from './subscriptions-view.ts';
