/**
 * The front door of the subscriptions room: what another room may use of it. `/ml status`
 * (fund/status.ts) lists the account's subscriptions with their management buttons, so it shows
 * them the way this room names them and offers the buttons this room's handlers answer.
 * Everything else in this folder is the room's own (test/core/boundary.test.ts checks it).
 */
export { manageButtons, subscriptionLine } from './subscriptions-view.ts';
