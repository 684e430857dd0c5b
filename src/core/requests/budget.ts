/**
 * Monthly budgets: a request that would take the member's or the workspace's confirmed spending
 * this month (requests/spend.ts) over its budget needs an approver even under the threshold.
 * Open and unpaid requests do not count: a budget is about money that moved.
 */
import { formatUsd } from '../shared/money.ts';
import type { Policy } from '../shared/policy.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { UserRef } from '../shared/types.ts';
import { inTenant } from './queries.ts';
import type { BudgetSnapshot, PaymentRequest } from './request.ts';
import { monthWindow, requestsForWindow, spentBetween } from './spend.ts';

export function budgetsSet(policy: Policy): boolean {
  return policy.memberMonthlyBudgetCents !== undefined || policy.workspaceMonthlyBudgetCents !== undefined;
}

/** This month's spending of `member` and of the workspace; undefined when no budget is set (today's behaviour). */
export async function monthSpend(
  s: EngineServices,
  member: UserRef,
): Promise<Omit<BudgetSnapshot, 'exceeds'> | undefined> {
  if (!budgetsSet(s.policy)) return undefined;
  const window = monthWindow(s.clock.now());
  const requests = (await requestsForWindow(s.requests, window)).filter((r) => inTenant(r, s.tenant));
  const { memberMonthlyBudgetCents: memberBudget, workspaceMonthlyBudgetCents: workspaceBudget } = s.policy;
  return {
    memberSpentCents: spentBetween(requests, { ...window, memberId: member.id }),
    ...(memberBudget !== undefined ? { memberBudgetCents: memberBudget } : {}),
    workspaceSpentCents: spentBetween(requests, window),
    ...(workspaceBudget !== undefined ? { workspaceBudgetCents: workspaceBudget } : {}),
  };
}

/** The snapshot a new request of `amountCents` carries, with the budget it would exceed (the member's first). */
export async function budgetFor(
  s: EngineServices,
  member: UserRef,
  amountCents: number,
): Promise<BudgetSnapshot | undefined> {
  const spend = await monthSpend(s, member);
  if (!spend) return undefined;
  const over = (spent: number, budget: number | undefined) => budget !== undefined && spent + amountCents > budget;
  const exceeds = over(spend.memberSpentCents, spend.memberBudgetCents)
    ? 'member'
    : over(spend.workspaceSpentCents, spend.workspaceBudgetCents)
      ? 'workspace'
      : undefined;
  return { ...spend, ...(exceeds ? { exceeds } : {}) };
}

/** "spent this month: $X of $Y" for each budget set (the card, /ml-balance). */
export function spendLines(
  b: Omit<BudgetSnapshot, 'exceeds'>,
  whose: string,
  options: { readonly member?: boolean } = {},
): string[] {
  const lines: string[] = [];
  if (b.memberBudgetCents !== undefined && options.member !== false)
    lines.push(`${whose}: spent this month: ${formatUsd(b.memberSpentCents)} of ${formatUsd(b.memberBudgetCents)}`);
  if (b.workspaceBudgetCents !== undefined)
    lines.push(
      `Workspace: spent this month: ${formatUsd(b.workspaceSpentCents)} of ${formatUsd(b.workspaceBudgetCents)}`,
    );
  return lines;
}

/** Why a request under the threshold still needs an approver: the budget it would exceed. */
export function budgetReason(request: PaymentRequest): string | undefined {
  const b = request.budget;
  if (!b?.exceeds) return undefined;
  if (b.exceeds === 'member')
    return `would exceed ${mentionUser(request.requester.id)}'s monthly budget: spent ${formatUsd(b.memberSpentCents)} of ${formatUsd(b.memberBudgetCents ?? 0)}`;
  return `would exceed the workspace's monthly budget: spent ${formatUsd(b.workspaceSpentCents)} of ${formatUsd(b.workspaceBudgetCents ?? 0)}`;
}
