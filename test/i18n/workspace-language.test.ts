/**
 * The workspace room speaks the person's language (their locale, else the workspace's
 * `language` setting, else English), and the workspace language is a setting like the others:
 * a form, its rule stated on a bad value, saved, audited (in English: the audit is a record).
 */
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../src/core/shared/policy.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { settingsToPolicy } from '../../src/core/workspace/index.ts';
import { admin, DEFAULTS, member, TENANT, world } from '../core/workspace/world.ts';

const spanishAdmin: Actor = { ...admin, locale: 'es-419' };
const spanishMember: Actor = { ...member, locale: 'es-ES' };

describe('the desk and the router answer in the person’s language', () => {
  it('a Spanish-speaking member of a workspace with no account gets the rule in Spanish, with its button', async () => {
    const w = world();
    const { replies } = await w.send(w.command(spanishMember, 'balance', undefined, 'balance'));
    expect(replies[0]?.text).toBe(
      'Este espacio de trabajo aún no tiene una cuenta de ModelsLab conectada, así que no se hizo nada. Primero hay que conectar una cuenta de ModelsLab: los administradores del espacio de trabajo o quien instaló la app pueden ejecutar /ml connect.',
    );
    expect(replies[0]?.buttons).toEqual([
      { kind: 'action', action: 'connect', value: 'connect', label: 'Conectar ModelsLab', style: 'primary' },
    ]);
  });

  it('the connect form and its inline rule in Spanish; English for a person with an English locale', async () => {
    const w = world();
    const { forms } = await w.send(w.command(spanishAdmin, 'connect'));
    expect(forms[0]?.title).toBe('Conectar ModelsLab');
    expect(forms[0]?.fields[0]?.label).toBe('Token de acceso de agente de ModelsLab');
    const errors = await w.router.checkForm(w.form(spanishAdmin, 'connect', { token: 'two words' }));
    expect(errors).toEqual({
      token: 'Un token no tiene espacios ni saltos de línea: pégalo tal como lo muestra ModelsLab.',
    });
    const english = await w.router.checkForm(w.form({ ...admin, locale: 'en-GB' }, 'connect', { token: 'two words' }));
    expect(english).toEqual({ token: 'A token has no spaces or line breaks: paste it exactly as ModelsLab shows it.' });
  });

  it('settings in Spanish: labels, Intl money, plural hours, buttons; every form title fits Slack’s 24 characters', async () => {
    const w = world();
    const { replies } = await w.send(w.command(spanishAdmin, 'settings'));
    const fields = Object.fromEntries((replies[0]?.fields ?? []).map((f) => [f.label, f.value]));
    expect(replies[0]?.title).toBe('Configuración del espacio');
    expect(fields['Umbral de aprobación']).toMatch(/^0,00\sUS\$\. /);
    expect(fields['Caducidad de la aprobación']).toMatch(/^24 horas\. .*de 1 a 336 horas/);
    expect(fields.Idioma).toMatch(/^English \(predeterminado\)\. .*en \(English\), es \(Español\)/);
    expect(replies[0]?.buttons?.map((b) => (b.kind === 'action' ? b.label : ''))).toContain('Editar idioma');
    for (const section of ['approvals', 'limits', 'alerts', 'spending', 'escalation', 'language']) {
      const { forms } = await w.send(w.action(spanishAdmin, 'settings', section));
      expect(forms[0]?.title.length, section).toBeLessThanOrEqual(24);
    }
  });
});

describe('the workspace language setting', () => {
  it('its form: one field whose hint lists the choices', async () => {
    const w = world();
    const { forms } = await w.send(w.action(admin, 'settings', 'language'));
    expect(forms[0]).toMatchObject({ name: 'settings_language', title: 'Workspace language' });
    expect(forms[0]?.fields).toEqual([
      {
        id: 'language',
        kind: 'text',
        label: 'Language',
        hint: "One of: en (English), es (Español). Empty: the bot's default.",
        optional: true,
        maxLength: 5,
      },
    ]);
  });

  it('a bad value gets the rule, inline and on submit, and nothing is saved', async () => {
    const w = world();
    const errors = await w.router.checkForm(w.form(admin, 'settings_language', { language: 'fr' }));
    expect(errors).toEqual({
      language: 'The language must be one of en (English), es (Español), or empty for the default (got "fr").',
    });
    const { replies } = await w.send(w.form(admin, 'settings_language', { language: 'fr' }));
    expect(replies[0]?.text).toBe(
      'Nothing was saved: The language must be one of en (English), es (Español), or empty for the default (got "fr").',
    );
    expect(w.directory.saved.get(TENANT)).toBeUndefined();
  });

  it('saved and audited (the audit in English); then people without a locale get the workspace’s language', async () => {
    const w = world();
    const { replies } = await w.send(w.form(admin, 'settings_language', { language: 'ES' }));
    expect(replies[0]).toMatchObject({
      title: 'Settings saved',
      fields: [{ label: 'Language', value: 'English (default) → Español' }],
    });
    expect(w.directory.saved.get(TENANT)?.language).toBe('es');
    expect(w.directory.audits.get(TENANT)?.at(-1)?.detail).toBe(
      'settings changed (language): Language: English (default) → Español',
    );
    // A member whose platform gives no locale: the workspace's language.
    const after = await w.send(w.command(member, 'settings'));
    expect(after.replies[0]?.text).toBe(
      'Solo los administradores del espacio de trabajo o quien instaló la app pueden conectar ModelsLab, desconectarlo o cambiar la configuración. No se cambió nada.',
    );
    // A person's own locale still wins.
    const english = await w.send(w.command({ ...member, locale: 'en-US' }, 'settings'));
    expect(english.replies[0]?.text).toMatch(/^Only workspace admins/);
    // Empty goes back to the default.
    await w.send(w.form(admin, 'settings_language', { language: '' }));
    expect(w.directory.saved.get(TENANT)?.language).toBeUndefined();
  });

  it('is not part of the engine’s policy', () => {
    const policy = settingsToPolicy(makePolicy({}), { ...DEFAULTS, language: 'es' });
    expect(Object.keys(policy)).not.toContain('language');
  });
});
