import type { PaymentRequest, RequestState } from '../../src/core/requests/request.ts';

let seq = 0;

export function makeRequest(overrides: Partial<PaymentRequest> & { state?: RequestState } = {}): PaymentRequest {
  seq += 1;
  const createdAt = overrides.createdAt ?? Date.UTC(2026, 10, 29, 12, 0, seq % 60);
  return {
    id: `req-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    purpose: 'fund',
    amountCents: 5_000,
    note: 'eval run',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C123', workspaceId: 'T1' },
    requester: { platform: 'slack', id: 'U1', name: 'ana' },
    payer: { platform: 'slack', id: 'U1', name: 'ana' },
    needsApproval: true,
    state: 'awaiting_approval',
    createdAt,
    updatedAt: createdAt,
    attempts: [],
    version: 1,
    ...overrides,
  };
}

export function withState(request: PaymentRequest, state: RequestState): PaymentRequest {
  return { ...request, state, version: request.version + 1, updatedAt: request.updatedAt + 1 };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
