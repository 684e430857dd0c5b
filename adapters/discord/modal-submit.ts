/**
 * A modal submit: checked first (Discord shows no errors inside a modal, so a refusal is a
 * private message with each field's rule, and nothing reaches the engine), then deferred and
 * handed over. A check slower than CHECK_FORM_BUDGET_MS is not waited for: the engine refuses
 * an invalid submission itself.
 */
import { type Interaction, MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import type { FieldErrors, FormName } from '../../src/core/shared/forms.ts';
import type { Texts } from '../../src/core/shared/i18n.ts';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Logger, Metrics } from '../../src/core/shared/ports.ts';
import type { FormEvent, InboundEvent } from '../../src/core/shared/types.ts';
import { acknowledge } from './first-response.ts';
import { formErrorsReply } from './forms.ts';
import type { DiscordMessenger } from './messenger.ts';
import type { HandledInteraction } from './normalize.ts';
import { InteractionResponder, type ResponderDeps } from './responder.ts';

/** How long a modal submit's check (`checkForm`) may take before the submit is acknowledged anyway. */
const CHECK_FORM_BUDGET_MS = 2_000;

export interface ModalSubmitDeps {
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  /** The base messenger: a refusal is rendered without a role lookup. */
  readonly messenger: DiscordMessenger;
  readonly textsOf: (interaction: Interaction) => Texts;
  /** The event with the actor's approver status from the server's own roles. */
  readonly resolveEvent: (interaction: HandledInteraction, receivedAt: number) => Promise<InboundEvent | undefined>;
}

export async function handleSubmit(
  submit: ModalSubmitDeps,
  interaction: ModalSubmitInteraction,
  form: FormName | undefined,
  target: InboundPort,
  deps: ResponderDeps,
  receivedAt: number,
): Promise<void> {
  const { logger, messenger, textsOf } = submit;
  const resolved = submit.resolveEvent(interaction, receivedAt) as Promise<FormEvent | undefined>;
  const checked = (async (): Promise<FieldErrors | undefined> => {
    const event = await resolved;
    return event && target.checkForm ? target.checkForm(event) : undefined;
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, receivedAt + CHECK_FORM_BUDGET_MS - Date.now()));
  });
  const errors = await Promise.race([checked, late])
    .catch((err: unknown) => {
      logger.warn({ err, interactionId: interaction.id }, 'discord: could not check a form; the engine will');
      return undefined;
    })
    .finally(() => clearTimeout(timer));
  checked.catch(() => {}); // a late failure was already reported above or is the engine's now
  if (errors && errors !== 'late' && Object.keys(errors).length > 0) {
    // Rendered without a role lookup: a refusal pings nobody, and the 3 s are running.
    const message = messenger.render(
      formErrorsReply(textsOf(interaction), errors, form, (await resolved.catch(() => undefined))?.context),
    );
    await interaction.reply({
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      allowedMentions: { parse: [] },
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (!(await acknowledge(interaction, logger, submit.metrics, receivedAt))) return;
  const conversation = (await resolved.catch(() => undefined))?.conversation;
  const responder = new InteractionResponder(
    interaction,
    conversation ?? { platform: 'discord', channelId: interaction.channelId ?? '' },
    deps,
  );
  target.receive(() => resolved, responder);
}
