import type { fund as en } from '../en/fund.ts';
import type { Translation } from '../en/index.ts';

export const fund: Translation<typeof en> = {
  'fund.two_person_amount': 'Esta solicitud de {amount}',
  'fund.two_person_plain': 'Esta solicitud',
  'fund.two_person_rule':
    '{what} necesita {count, number} aprobadores distintos, y quien la pide nunca cuenta (aunque se permita aprobar las propias).',
  'fund.approve_expired': 'Esta solicitud venció el {time} sin que nadie la aprobara.',
  'fund.approved': 'Aprobaste {id}. El enlace de pago le llega a {payer} por mensaje directo.',
  'fund.own_two_person': '{rule} No cambió nada.',
  'fund.already_approved': 'Ya aprobaste {id}. {rule} Tiene que aprobarla otro aprobador; no cambió nada.',
  'fund.approval_recorded':
    'Tu aprobación de {id} quedó registrada ({given} de {required}). Otro aprobador tiene que aprobarla antes de que se envíe el enlace de pago.',
  'fund.say_which_cancel': 'Indica qué solicitud quieres cancelar.',
  'fund.say_which_deny': 'Indica qué solicitud quieres rechazar.',
  'fund.already_paid': 'La solicitud {id} ya estaba pagada, así que sigue pagada. {where}',
  'fund.cancelled': 'Cancelaste {id}.',
  'fund.not_this_message':
    'Ese botón no está en un mensaje de la solicitud {id}, así que no se hizo nada. Usa los botones de la propia tarjeta o del mensaje directo de la solicitud.',
  'fund.deny_reason': ' Motivo: {reason}',
  'fund.denied': 'Rechazaste {id}.{why}',
  'fund.denied_told': 'Rechazaste {id}.{why} Se avisó a {requester} por mensaje directo.',
  'fund.denied_not_told':
    'Rechazaste {id}.{why} No pude enviarle un mensaje directo a {requester}; la tarjeta indica que se rechazó.',
  'fund.link_in_dms': 'Tienes un enlace de pago en tus mensajes directos.',
  'fund.paid_until': 'Seguiré comprobando hasta que el enlace venza el {time}',
  'fund.paid_received': 'Recibido: ModelsLab confirmó el pago de {id}. {where}',
  'fund.paid_received_posting':
    'Recibido: ModelsLab confirmó el pago de {id}. El recibo se está publicando bajo la tarjeta de la solicitud.',
  'fund.paid_budget':
    'Aún sin comprobar: el presupuesto de facturación de ModelsLab del bot está ocupado ahora, así que lo compruebo en unos {seconds} s, antes que otras comprobaciones. {until}; el recibo llega cuando el pago esté ahí.',
  'fund.paid_unavailable':
    'ModelsLab no respondió hace un momento, así que todavía no pude comprobarlo. {until}; el recibo llega cuando el pago esté ahí.',
  'fund.paid_pending':
    'Aún sin pagar: ModelsLab todavía no tiene ningún pago para este enlace. Si acabas de pagar, puede tardar un minuto en llegar; {until} (dentro de {minutes} min), y el recibo llega cuando llegue el pago.',
  'fund.age_now': 'ahora mismo',
  'fund.age_minutes': '{count, plural, one {hace 1 minuto} other {hace {n} minutos}}',
  'fund.age_hours': '{count, plural, one {hace 1 hora} other {hace {n} horas}}',
  'fund.age_days': '{count, plural, one {hace 1 día} other {hace {n} días}}',
  'fund.progress': ' ({given} de {required} aprobaciones)',
  'fund.purpose': '{purpose, select, fund {fondos} other {suscripción}}',
  'fund.button.approve': 'Aprobar {id}',
  'fund.button.deny': 'Rechazar {id}',
  'fund.button.withdraw': 'Retirar mi aprobación {id}',
  'fund.button.new_link': 'Enlace nuevo {id}',
  'fund.button.try_again': 'Reintentar {id}',
  'fund.button.cancel': 'Cancelar {id}',
  'fund.paid_by_card': ' con la tarjeta guardada {brand} ••{last4}, cobrada por {who}',
  'fund.approved_by': ' (aprobada por {who})',
  'fund.closed_by': ' por {who}',
  'fund.current_state': 'La solicitud {id} ya está en el estado: {state}{who}. No cambió nada.',
  'fund.status_more': '…y {count, number} más.',
  'fund.status_no_subs': 'No hay suscripciones.',
  'fund.status_subs_down': 'ModelsLab no responde en este momento, así que no se pueden mostrar las suscripciones.',
  'fund.status_title': 'Solicitudes abiertas ({count, number})',
  'fund.status_none': 'No hay solicitudes abiertas.',
  'fund.status_failed': 'Fallidas en los últimos 7 días',
  'fund.status_subscriptions': 'Suscripciones',
  'fund.topup_broken': 'Ese botón de recarga no funciona.',
  'fund.topup_note': 'recarga por saldo bajo',
  'fund.try_paid': 'La solicitud {id} sí se pagó, así que sigue pagada. {where}',
  'fund.try_unknown':
    'ModelsLab no responde, así que no puedo comprobar el enlace de pago anterior de {id} antes de crear uno nuevo. No cambió nada; vuelve a intentarlo en un minuto.',
  'fund.try_until': ' hasta el {time}',
  'fund.try_payable':
    'El enlace de pago anterior de {id} todavía se puede pagar{until}, así que no abriré un segundo. No cambió nada.',
  'fund.try_your_dms': 'tus mensajes directos',
  'fund.try_their_dms': 'los mensajes directos de {who}',
  'fund.try_again': 'Reintentando {id}: hay un enlace de pago nuevo en {where}.',
  'fund.withdraw_not_yours': 'Solo un aprobador que aprobó esta solicitud puede retirar su aprobación; no cambió nada.',
  'fund.withdrawn': 'Tu aprobación de {id} quedó retirada ({given} de {required}).',
};
