/**
 * Issue 16: the pages the bot shows in the browser after "Add to Slack" speak the browser's
 * language (Accept-Language), English otherwise, byte for byte as before catalogs.
 */
import { afterEach, expect, it } from 'vitest';
import { WorkspacesRig } from './workspaces-rig.ts';

let rig: WorkspacesRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('says the install is done in Spanish to a browser that prefers it', async () => {
  rig = await WorkspacesRig.start();
  const res = await rig.install({ teamId: 'T0ES', userId: 'U0LUCIA' }, { acceptLanguage: 'pt-BR,es;q=0.9,en;q=0.8' });
  expect(res.status).toBe(200);
  expect(res.page).toContain('<h1>mlbot está instalado</h1>');
  expect(res.page).toContain(
    'Un administrador del espacio de trabajo también puede ejecutar <code>/ml connect</code>.',
  );
});

it('refuses a redirect without the state cookie in Spanish, and in English without a preference', async () => {
  rig = await WorkspacesRig.start();
  const es = await rig.install({ teamId: 'T0ES2', userId: 'U0MATEO' }, { cookie: null, acceptLanguage: 'es-419' });
  expect(es.status).toBe(400);
  expect(es.page).toContain('<h1>La instalación no se completó</h1>');
  const en = await rig.install({ teamId: 'T0EN', userId: 'U0SAM' }, { cookie: null });
  expect(en.page).toContain(
    '<h1>Installation did not complete</h1><p>This install link expired or was opened in another browser. Start again from the Add to Slack page.</p>',
  );
});
