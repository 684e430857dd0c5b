/**
 * Issue 16: the Home tab's own guide (shown before the engine answers) and its sandbox note speak
 * the viewer's Slack locale; English is unchanged.
 */
import { expect, it } from 'vitest';
import { defaultHome, homeTexts, homeUnavailable, renderHome } from '../../adapters/slack/home.ts';
import type { TextFormatter } from '../../src/core/shared/reply.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';

const messages = createMessageFormatter();
const plainText: TextFormatter = { escape: (s) => s, user: (id) => `<@${id}>`, approvers: () => '@approvers' };
const sam: Actor = { platform: 'slack', id: 'U0SAM', name: 'sam', isApprover: false };
const lucia: Actor = { ...sam, id: 'U0LUCIA', locale: 'es-ES' };

it('shows the guide and the sandbox note once, in the viewer’s language', async () => {
  const [guide] = await defaultHome(true, messages)(lucia);
  expect(guide?.title).toBe('Facturación de ModelsLab');
  expect(guide?.fields?.map((f) => f.label)).toEqual([
    '/ml-fund <amount> [note]',
    '/ml-subscribe [plan]',
    '/ml-balance',
    '/ml help',
  ]);
  expect(guide?.fields?.[0]?.value).toBe('Pide una recarga del monedero');
  const view = renderHome(guide ? [guide] : [], plainText, { sandbox: true, t: homeTexts(messages, lucia) });
  const json = JSON.stringify(view);
  expect(json.match(/SANDBOX: los pagos van al simulador integrado/g)).toHaveLength(1);
  expect(json).not.toContain('no real money moves');
  expect(homeUnavailable(homeTexts(messages, lucia))[0]?.text).toBe(
    'No se pudo cargar la pestaña Inicio. Vuelve a abrirla en un minuto.',
  );
});

it('keeps the English guide for a viewer without a locale', async () => {
  const [guide] = await defaultHome(true, messages)(sam);
  expect(guide?.text).toBe('Pay for the team’s ModelsLab account from Slack, with an approver in the loop.');
  expect(guide?.context).toEqual(['SANDBOX: payments go to the built-in simulator, no real money moves.']);
});
