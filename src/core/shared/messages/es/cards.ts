import type { cards as en } from '../en/cards.ts';
import type { Translation } from '../en/index.ts';

export const cards: Translation<typeof en> = {
  'cards.card': '{brand} ••{last4}',
  'cards.card_with_expiry': '{card} ({expiry})',
  'cards.title': 'Tarjetas guardadas',
  'cards.none': 'La cuenta no tiene ninguna tarjeta guardada.',
  'cards.line': '{card} · caduca {expiry}{marks}',
  'cards.mark_default': ' · predeterminada',
  'cards.mark_expired': ' · caducada',
  'cards.approvers_manage': 'Los aprobadores pueden hacer predeterminada una tarjeta, quitarla o añadir otra.',
  'cards.approver_hint':
    'Los cargos a la tarjeta guardada usan la predeterminada. Añadir tarjeta te envía un enlace privado.',
  'cards.make_default_button': 'Predeterminar {card}',
  'cards.remove_button': 'Quitar {card}',
  'cards.add_button': 'Añadir tarjeta',
  'cards.confirm_title': 'Confirma, por favor',
  'cards.confirm_default': '¿Hacer {card} la tarjeta predeterminada? Los cargos a la tarjeta guardada la usarán.',
  'cards.confirm_remove': '¿Quitar {card}? Ya no se podrá cobrar desde el chat.',
  'cards.confirm_remove_default':
    '¿Quitar {card}? Es la tarjeta predeterminada: ModelsLab hace predeterminada otra tarjeta guardada, si la hay, y los cargos usarán esa.',
  'cards.confirm_button': 'Confirmar',
  'cards.never_mind': 'Déjalo',
  'cards.manage_rule': 'Solo los aprobadores pueden cambiar las tarjetas guardadas.',
  'cards.add_rule': 'Solo los aprobadores pueden añadir una tarjeta.',
  'cards.button_broken': 'Ese botón no funciona. /ml cards vuelve a mostrar las tarjetas.',
  'cards.step_expired':
    'Este paso de confirmación ha caducado. No ha cambiado nada. /ml cards vuelve a mostrar las tarjetas.',
  'cards.card_gone': 'Esa tarjeta ya no está guardada en la cuenta. No ha cambiado nada.',
  'cards.already_default': '{card} ya es la tarjeta predeterminada. No ha cambiado nada.',
  'cards.confirm_busy': 'Eso se está confirmando ahora mismo; no se hace dos veces.',
  'cards.already_confirmed': 'Eso ya se confirmó; no se hace dos veces.',
  'cards.done_default': 'Hecho: {card} es ahora la tarjeta predeterminada.',
  'cards.done_remove': 'Hecho: {card} quitada.',
  'cards.new_default': '{card} es ahora la tarjeta predeterminada.',
  'cards.no_default': 'Ahora ninguna tarjeta guardada es la predeterminada.',
  'cards.what_list': 'listar las tarjetas guardadas',
  'cards.what_default': 'cambiar la tarjeta predeterminada',
  'cards.what_remove': 'quitar la tarjeta',
  'cards.what_link': 'empezar a añadir una tarjeta',
  'cards.add_needs_url':
    'Para añadir una tarjeta el bot necesita su dirección pública y no la tiene: un operador configura PUBLIC_URL. No se ha enviado nada.',
  'cards.add_sent':
    'Te he enviado por DM un enlace privado para añadir una tarjeta. Sirve una vez, durante 15 minutos.',
  'cards.add_dm_closed':
    'No he podido enviarte un DM, así que no se ha enviado ningún enlace. Permite los DM del bot y vuelve a pulsar Añadir tarjeta.',
  'cards.add_dm_title': 'Añadir tarjeta',
  'cards.add_dm_text':
    'Abre este enlace para añadir una tarjeta a la cuenta de ModelsLab del equipo. Los datos de la tarjeta van de tu navegador a Stripe solamente: nunca los escribas en un chat. El enlace sirve una vez y caduca a las {time}.',
  'cards.added_dm': 'Tarjeta {card} añadida{isDefault, select, yes { (predeterminada)} other {}}.',
  'cards.page_title': 'Añadir tarjeta',
  'cards.page_account_slack': 'Para la cuenta de ModelsLab del espacio de trabajo de Slack {id}.',
  'cards.page_account_discord': 'Para la cuenta de ModelsLab del servidor de Discord {id}.',
  'cards.page_account_web': 'Para la cuenta de ModelsLab del espacio de trabajo del playground {id}.',
  'cards.page_account_team': 'Para la cuenta de ModelsLab del equipo.',
  'cards.page_note': 'Los datos de la tarjeta van de esta página a Stripe solamente; el bot nunca los ve.',
  'cards.page_make_default': 'Hacerla la tarjeta predeterminada',
  'cards.page_save': 'Guardar tarjeta',
  'cards.page_saving': 'Guardando…',
  'cards.page_no_stripe':
    'No se pudo cargar el formulario de la tarjeta. Recarga la página; si sigue fallando, usa /ml cards y pulsa Añadir tarjeta para un enlace nuevo.',
  'cards.page_saved': 'Tarjeta guardada. Ya puedes cerrar esta página.',
  'cards.page_failed': 'No se pudo guardar la tarjeta: {reason}',
  'cards.page_not_saved':
    'ModelsLab no guardó la tarjeta, así que no se ha añadido nada. Para un enlace nuevo, usa /ml cards y pulsa Añadir tarjeta.',
  'cards.page_busy': 'La página está ocupada. Vuelve a abrir el enlace en un momento.',
  'cards.page_expired_title': 'Este enlace ha caducado',
  'cards.page_expired':
    'Este enlace para añadir una tarjeta ha caducado o ya se usó. Para uno nuevo, usa /ml cards y pulsa Añadir tarjeta.',
  'cards.page_bad_input': 'No se pudo leer la tarjeta, así que no se ha añadido nada. Inténtalo de nuevo.',
};
