import type { Translation } from '../en/index.ts';
import type { subscriptions as en } from '../en/subscriptions.ts';

const STATUS =
  '{status, select, active {activa} paused {en pausa} trialing {en prueba} canceled {cancelada} past_due {con pago pendiente} other {{status}}}';

export const subscriptions: Translation<typeof en> = {
  'subscriptions.per_month': '{amount}/mes',
  'subscriptions.per_year': '{amount}/año',
  'subscriptions.plan_label': '{name} · {price}',
  'subscriptions.plan_unknown': 'plan {id}',
  'subscriptions.plan_with_period': '{name} ({period, select, monthly {mensual} yearly {anual} other {{period}}})',
  'subscriptions.period_from': 'periodo desde el {date}',
  'subscriptions.status': STATUS,
  'subscriptions.panel_title': 'Suscribe la cuenta de ModelsLab del equipo',
  'subscriptions.panel_text':
    'Haz clic en un plan para pedirlo. Un aprobador lo confirma y el enlace de pago te llega por mensaje directo.',
  'subscriptions.panel_context': '/ml-subscribe muestra todos los planes, también los anuales.',
  'subscriptions.panel_rule_discord':
    'Solo los administradores del servidor (Gestionar servidor) pueden publicar el panel de suscripción.',
  'subscriptions.panel_rule_web': 'Solo los administradores pueden publicar el panel de suscripción.',
  'subscriptions.panel_rule_slack':
    'El panel de suscripción es para servidores de Discord. En Slack, /ml-subscribe muestra los planes como botones.',
  'subscriptions.panel_posted': 'Panel publicado.',
  'subscriptions.picker_title': 'Suscribe la cuenta de ModelsLab',
  'subscriptions.picker_text':
    'Elige un plan. La solicitud pasa por la aprobación habitual y el enlace de pago llega por mensaje directo.',
  'subscriptions.held_stacks': 'La cuenta tiene {ids}; los complementos se suman.',
  'subscriptions.held_switch': 'La cuenta ya lo tiene: {ids}. Cambiar plan en /ml status lo cambia.',
  'subscriptions.plan_button_broken': 'Ese botón de plan no funciona. /ml-subscribe muestra los planes actuales.',
  'subscriptions.plan_gone': 'Ese plan ya no se ofrece. /ml-subscribe muestra los planes actuales.',
  'subscriptions.how_resume': 'Un aprobador puede reanudarla desde /ml status.',
  'subscriptions.how_switch': 'Para cambiar de plan, un aprobador usa Cambiar plan en /ml status.',
  'subscriptions.already_has': `La cuenta ya tiene {sub} (${STATUS}). Una segunda suscripción al mismo plan se cobraría dos veces, así que no la abro. {how}`,
  'subscriptions.request_open':
    'La solicitud {id} para {plan} ya está abierta ({state}). /ml status la muestra; cancélala ahí si no se quiere.',
  'subscriptions.no_match': 'Ningún plan coincide con "{query}". Planes: {names}.',
  'subscriptions.manage_rule': 'Solo los aprobadores pueden pausar, reanudar o cambiar la suscripción.',
  'subscriptions.button_broken': 'Ese botón no funciona. /ml status vuelve a mostrar las suscripciones.',
  'subscriptions.sub_gone': 'La suscripción #{id} ya no existe. /ml status muestra las actuales.',
  'subscriptions.plan_gone_status': 'Ese plan ya no se ofrece. /ml status vuelve a mostrar las suscripciones.',
  'subscriptions.already_paused': '{sub} ya está en pausa. No cambió nada.',
  'subscriptions.not_paused': `{sub} está ${STATUS}, no en pausa. No cambió nada.`,
  'subscriptions.already_on_plan': '{sub} ya tiene ese plan. No cambió nada.',
  'subscriptions.is_canceled': '{sub} está cancelada. No cambió nada.',
  'subscriptions.done': 'Hecho: {op, select, pause {pausada} resume {reanudada} other {plan cambiado de}} {sub}.',
  'subscriptions.period_range': ' · periodo del {start} al {end}',
  'subscriptions.period_ends': ' · el periodo termina el {end}',
  'subscriptions.pause_button': 'Pausar {sub}',
  'subscriptions.resume_button': 'Reanudar {sub}',
  'subscriptions.change_button': 'Cambiar el plan de {sub}',
  'subscriptions.change_title': 'Cambiar el plan de #{id}',
  'subscriptions.change_pick':
    '{sub}. Elige el nuevo plan; el siguiente paso muestra ambos precios y te pide confirmar.',
  'subscriptions.change_none': '{sub}. No hay otro plan al que cambiar.',
  'subscriptions.never_mind': 'Olvídalo',
  'subscriptions.renewal_on': 'la renovación del {date}',
  'subscriptions.next_renewal': 'la próxima renovación',
  'subscriptions.instead_of': ' en lugar de {price}',
  'subscriptions.effect_price': 'Se aplica de inmediato; desde {renewal} la suscripción cuesta {price}{instead}.',
  'subscriptions.effect': 'Se aplica de inmediato.',
  'subscriptions.confirm_title': 'Confirma, por favor',
  'subscriptions.confirm_button': 'Confirmar',
  'subscriptions.confirm_pause': '¿Pausar {sub}? Sigue en pausa hasta que un aprobador haga clic en Reanudar.',
  'subscriptions.confirm_resume': '¿Reanudar {sub}? La facturación se reanuda con el periodo actual.',
  'subscriptions.confirm_change': '¿Cambiar {sub}{from} a {plan}{to}?{began} {effect}',
  'subscriptions.from_price': ' de {price}',
  'subscriptions.at_price': ' por {price}',
  'subscriptions.began': ' Su periodo actual empezó el {date}.',
  'subscriptions.outcome_pause':
    '{who} pausó {sub}; se reanuda cuando un aprobador haga clic en Reanudar (/ml status).',
  'subscriptions.outcome_resume': '{who} reanudó {sub}{end}.',
  'subscriptions.period_ends_at': '; el periodo actual termina el {date}',
  'subscriptions.outcome_change': '{who} cambió {sub} a {plan}{to}. {effect}',
  'subscriptions.again_title': 'La cuenta ya tiene {plan}',
  'subscriptions.again_text':
    '{have}. Los complementos se suman: otro {plan} añade su cuota y cobra {price} más. ¿Suscribir otra vez?',
  'subscriptions.again_button': 'Suscribir otra vez',
  'subscriptions.panel_what': 'el panel de suscripción',
  'subscriptions.panel_so': 'aquí no hay panel',
};
