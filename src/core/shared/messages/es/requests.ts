import type { Translation } from '../en/index.ts';
import type { requests as en } from '../en/requests.ts';

export const requests: Translation<typeof en> = {
  'requests.status.awaiting_approval': 'Pendiente de aprobación',
  'requests.status.approved': 'Aprobada · creando el enlace de pago',
  'requests.status.link_created': 'Aprobada · enviando el enlace de pago',
  'requests.status.awaiting_payment': 'Pendiente de pago',
  'requests.status.paid': 'Pagada',
  'requests.status.denied': 'Rechazada',
  'requests.status.approval_expired': 'Aprobación vencida',
  'requests.status.cancelled': 'Cancelada',
  'requests.status.expired': 'Enlace vencido',
  'requests.status.failed': 'Fallida',
  'requests.approvals_line': '{given} de {required} aprobaciones{who}',
  'requests.approved_by_all': 'Aprobada por {who}.',
  'requests.and': ' y ',
  'requests.approved_by': 'Aprobada por {who}.',
  'requests.no_approval_needed': 'No necesita aprobación.',
  'requests.receipt_where_discord': 'El recibo se publica como respuesta a esta tarjeta.',
  'requests.receipt_where_thread': 'El recibo está en el hilo.',
  'requests.card.by': ' por {who}',
  'requests.card.reason': ' Motivo: {reason}',
  'requests.card.asks_fund': '{requester} pide añadir fondos al monedero de ModelsLab',
  'requests.card.asks_subscribe': '{requester} pide una suscripción',
  'requests.card.open_until': ' (abierta hasta {time})',
  'requests.card.which': '{ask}, lo que {why}',
  'requests.card.needs_two': ' Necesita {count, number} aprobadores distintos (quien la pide nunca cuenta).',
  'requests.card.awaiting': '{ask}. {approvers}: aprueben o rechacen, por favor{until}.{two}{given}',
  'requests.card.approved': '{approved} Creando el enlace de pago…',
  'requests.card.link_created': '{approved} El enlace de pago está listo para {payer} por mensaje directo.',
  'requests.card.awaiting_payment':
    '{approved} Enlace de pago enviado a {payer} por mensaje directo; esperando el pago.',
  'requests.card.paid': '{approved} Pagada.{late} {where}',
  'requests.card.denied': 'Rechazada{by}.{reason}',
  'requests.card.expired_partly':
    'Solo llegaron a tiempo {given} de {required} aprobaciones ({who}), así que venció. Vuelve a pedirla si todavía hace falta.',
  'requests.card.expired_nobody':
    'Nadie aprobó esta solicitud a tiempo, así que venció. Vuelve a pedirla si todavía hace falta.',
  'requests.card.cancelled': 'Cancelada{by}.{reason}',
  'requests.card.link_expired':
    '{approved} El enlace venció antes de pagarse. {payer} puede pedir un enlace nuevo desde el mensaje directo.',
  'requests.card.failed':
    'Fallida.{reason} {requester} o un aprobador pueden volver a intentarlo con la misma aprobación.',
  'requests.card.paid_times':
    ' Pagada {count, number} veces (un pago doble): el pago extra queda en ModelsLab como crédito; los recibos explican qué hacer.',
  'requests.card.late_cancelled': ' El pago llegó después de que se cancelara la solicitud.',
  'requests.card.late_failed': ' El pago llegó después de que la solicitud se marcara como fallida.',
  'requests.card.late_old_link': ' El pago llegó por un enlace anterior.',
  'requests.button.try_again': 'Reintentar',
  'requests.button.approve': 'Aprobar',
  'requests.button.withdraw_approval': 'Retirar mi aprobación',
  'requests.button.deny': 'Rechazar',
  'requests.button.cancel': 'Cancelar',
  'requests.button.new_link': 'Enlace nuevo',
  'requests.button.paid': 'Ya pagué',
  'requests.button.pay': 'Pagar {amount}',
  'requests.button.retry': 'Reintentar',
  'requests.field.requester': 'Solicitante',
  'requests.field.amount': 'Importe',
  'requests.field.plan': 'Plan',
  'requests.field.note': 'Nota',
  'requests.field.status': 'Estado',
  'requests.field.approvals': 'Aprobaciones',
  'requests.field.budget': 'Presupuesto',
  'requests.field.link_expires': 'El enlace vence',
  'requests.field.new_balance': 'Saldo nuevo',
  'requests.field.approver': 'Aprobador',
  'requests.field.payer': 'Pagador',
  'requests.field.session': 'Sesión',
  'requests.field.time': 'Hora',
  'requests.spend_line': '{whose}: gastado este mes: {spent} de {budget}',
  'requests.spend_workspace': 'Espacio de trabajo: gastado este mes: {spent} de {budget}',
  'requests.budget_member': 'superaría el presupuesto mensual de {who}: gastado {spent} de {budget}',
  'requests.budget_workspace': 'superaría el presupuesto mensual del espacio de trabajo: gastado {spent} de {budget}',
  'requests.dm.attempt': 'Intento {n}',
  'requests.dm.old_link_unknown': 'Si un pago por ese enlace se completa, se acredita, no se pierde.',
  'requests.dm.old_link_ended': 'Ese enlace venció el {time} y ya no se puede pagar.',
  'requests.dm.old_link_payable':
    'Ese enlace se puede pagar hasta el {time}; un pago por él se acredita igualmente en la cuenta y recibe su recibo, no se pierde.',
  'requests.dm.old_link_expired':
    'Ese enlace venció el {time}; si aun así se completó un pago por él, se acredita y recibe su recibo, no se pierde.',
  'requests.dm.expiry_unknown': 'desconocido',
  'requests.dm.pay_title': 'Pagar {amount}',
  'requests.dm.pay_fund':
    'Tu solicitud para añadir fondos al monedero de ModelsLab está lista para pagar. El enlace funciona hasta el {expiry}. Pulsa "Ya pagué" después de pagar para recibir antes el recibo.',
  'requests.dm.pay_subscribe':
    'Tu solicitud para suscribirte a {what} está lista para pagar. El enlace funciona hasta el {expiry}. Pulsa "Ya pagué" después de pagar para recibir antes el recibo.',
  'requests.dm.new_balance': ' Saldo nuevo: {balance}.',
  'requests.dm.subscription_active': ' Suscripción activa: {what}.',
  'requests.dm.received_title': 'Recibido: {amount}',
  'requests.dm.received': 'Recibido, ¡gracias!{detail}',
  'requests.dm.already_paid_title': 'Ya está pagada',
  'requests.dm.already_paid':
    'La solicitud {id} se pagó con un enlace anterior, así que no hace falta pagar este; un pago por él sería un segundo pago. {truth}',
  'requests.dm.link_expired_title': 'El enlace de pago venció',
  'requests.dm.link_expired': 'Este enlace de pago no se pagó antes de vencer. {truth}',
  'requests.dm.expiry_at': ' el {time}',
  'requests.dm.expiry_notice':
    'El enlace de pago de {what} venció{at} sin pagarse. La aprobación sigue en pie: pulsa Enlace nuevo para obtener uno.',
  'requests.dm.superseded_title': 'Se envió un enlace de pago más reciente',
  'requests.dm.superseded': 'Hay un enlace de pago más reciente para {what} en un mensaje posterior: usa ese. {truth}',
  'requests.dm.closed_cancelled': 'Cancelada{by}.',
  'requests.dm.closed_state':
    'Esta solicitud {state, select, paid {está pagada} denied {fue rechazada} approval_expired {venció sin aprobación} expired {tiene el enlace vencido} failed {falló} other {está en estado {state}}}.',
  'requests.dm.no_need_to_pay': ' No hace falta pagarla ahora.',
  'requests.dm.closed_title': 'Solicitud de pago cerrada',
  'requests.dm.closed': '{what}{advice} {truth}',
  'requests.dm.late_cancelled': 'después de que se cancelara la solicitud',
  'requests.dm.late_failed': 'después de que la solicitud se marcara como fallida',
  'requests.dm.late_expired': 'después de que el bot marcara el enlace como vencido',
  'requests.dm.late_superseded': 'por un enlace anterior, después de enviarse uno más reciente',
  'requests.dm.double_fund':
    'ModelsLab no tiene forma de hacer reembolsos, así que los {extra} extra quedan en el monedero como crédito. Si prefieres un reembolso, contacta con el soporte de ModelsLab e indica la sesión {session}.',
  'requests.dm.double_subscribe':
    'ModelsLab no tiene forma de hacer reembolsos: revisa las suscripciones con /ml status y, para que te devuelvan los {extra} extra, contacta con el soporte de ModelsLab e indica la sesión {session}.',
  'requests.dm.credited': 'Se acreditó en el monedero de ModelsLab{balance}.',
  'requests.dm.credited_balance': ' (saldo nuevo {balance})',
  'requests.dm.subscription_confirmed': 'Se confirmó el pago de la suscripción.',
  'requests.dm.late_double':
    'Llegó tu pago de {amount} por un enlace anterior, pero la solicitud {id} ya estaba pagada: es un segundo pago. {credited} {advice}',
  'requests.dm.late':
    'Tu pago de {amount} llegó {why}, y no se perdió nada. {credited} El recibo está en el hilo de la solicitud.',
  'requests.dm.late_double_title': 'Segundo pago recibido · {amount}',
  'requests.dm.late_title': 'Pago recibido · {amount}',
  'requests.receipt.late_cancelled':
    'Este pago llegó después de que se cancelara la solicitud. Se acreditó igualmente, no se perdió.',
  'requests.receipt.late_failed':
    'Este pago llegó después de que la solicitud se marcara como fallida. Se acreditó igualmente, no se perdió.',
  'requests.receipt.late_expired':
    'Este pago llegó después de que el bot marcara el enlace como vencido. Se acreditó igualmente, no se perdió.',
  'requests.receipt.late_superseded':
    'Este pago se hizo por un enlace anterior, después de enviarse uno más reciente. Se acreditó, no se perdió.',
  'requests.receipt.not_reported': 'sin informar',
  'requests.receipt.fund': 'Pago recibido: se añadieron {amount} al monedero de ModelsLab. Saldo nuevo: {balance}.',
  'requests.receipt.subscribe': 'Suscripción activa: {plan}.',
  'requests.receipt.not_needed': 'no hizo falta',
  'requests.receipt.resent_discord':
    'Reenviado porque no se pudo confirmar la primera publicación: ignóralo si la tarjeta ya tiene una respuesta con el recibo.',
  'requests.receipt.resent_thread':
    'Reenviado porque no se pudo confirmar la primera publicación: ignóralo si este hilo ya tiene un recibo.',
  'requests.receipt.double_title': 'Recibo · pago doble · {what}',
  'requests.receipt.double':
    'Pago doble: {payer} pagó la solicitud {id} por segunda vez (con un enlace anterior). {headline} {advice} {approvers}, para su registro.',
  'requests.receipt.late_title': 'Recibo · pago tardío · {what}',
  'requests.receipt.late': '{headline} {line} {approvers}, para su registro.',
  'requests.receipt.title': 'Recibo · {what}',
  'requests.span_hours': '{hours, plural, one {1 hora} other {{n} horas}}',
  'requests.span_minutes': '{minutes, plural, one {1 minuto} other {{n} minutos}}',
  'requests.note_paren': ' ({note})',
  'requests.reminder':
    'Esperando aprobación desde hace {span}: {requester} pide {what}{note}. {approvers}: aprueben o rechacen en la tarjeta, por favor{until}.',
  'requests.expired_within': ' en {span}',
  'requests.expired_unanswered_title': 'La solicitud venció sin respuesta',
  'requests.expired_unanswered_fund':
    'Tu solicitud para añadir {what} al monedero venció: ningún aprobador respondió{waited}, así que no se cobró nada. Si todavía hace falta, vuelve a pedirla con el mismo comando y avisa a un aprobador de que está esperando.',
  'requests.expired_unanswered_subscribe':
    'Tu solicitud para suscribirte a {what} venció: ningún aprobador respondió{waited}, así que no se cobró nada. Si todavía hace falta, vuelve a pedirla con el mismo comando y avisa a un aprobador de que está esperando.',
  'requests.escalation_until': ' Vence el {time}.',
  'requests.escalation':
    'Ningún aprobador respondió en {span}: {requester} pide {what}{note}. {fallback}: ya pueden aprobarla o rechazarla en la tarjeta.{until}',
  'requests.page.subject_fund': 'una recarga del monedero de {amount}',
  'requests.page.paid_at': 'El pago de {subject} se recibió el {time}.',
  'requests.page.balance_after': 'Saldo del monedero después de este pago: {balance}.',
  'requests.page.subscription_status': 'Estado de la suscripción: {status}.',
  'requests.page.paid_ref':
    'Solicitud {id}, intento {n}. El recibo está en el hilo de la solicitud. No queda nada por pagar.',
  'requests.page.paid_title': 'Ya está pagada',
  'requests.page.old_ended':
    'Este enlace ya no se puede pagar. Si aun así se completó un pago por él, se acredita y recibe su recibo, no se pierde.',
  'requests.page.old_payable':
    'Un pago ya hecho por este enlace se acreditaría igualmente en la cuenta y recibiría su recibo, no se pierde.',
  'requests.page.ref': 'Solicitud {id}, intento {n}.',
  'requests.page.closed_title':
    'Esta solicitud {how, select, cancelled {se canceló} denied {fue rechazada} other {falló}}',
  'requests.page.closed':
    'La solicitud de {subject} {how, select, cancelled {se canceló} denied {fue rechazada} other {falló}}, así que no hay nada que pagar.',
  'requests.page.replaced_title': 'Este enlace fue reemplazado',
  'requests.page.replaced':
    'Te enviamos un enlace más reciente por mensaje directo: usa el botón Pagar de ese mensaje.',
  'requests.page.expired_title': 'Este enlace venció',
  'requests.page.expired_at': 'Este enlace de pago terminó el {time}.',
  'requests.page.expired_new_link':
    'Pulsa "Enlace nuevo" en tu mensaje directo del bot para obtener uno con la misma aprobación.',
  'requests.page.redirect_title': 'Te llevamos a la página de pago',
  'requests.link.unreadable':
    'No se pudo leer la respuesta de ModelsLab sobre el enlace de pago de {id}: {sentence} La aprobación se mantiene; volveré a pedirlo con la misma clave (así no se abre un segundo pago) y enviaré el enlace por mensaje directo cuando la respuesta se pueda leer.',
  'requests.link.limited':
    '{sentence} La aprobación de {id} se mantiene; el enlace de pago se creará entonces y se enviará por mensaje directo.',
  'requests.link.down':
    'ModelsLab no responde en este momento, así que todavía no se pudo crear el enlace de pago de {id}. La aprobación se mantiene y el enlace se enviará por mensaje directo en cuanto ModelsLab vuelva.',
  'requests.link.refused':
    'ModelsLab se negó a crear el enlace de pago de {id}, así que la solicitud falló. No se cobró nada. Reintentar crea un enlace nuevo con la misma aprobación.',
  'requests.dms_closed.slack':
    'Abre una vez la pestaña Mensajes de la app (haz clic en el nombre de la app y luego en Mensajes).',
  'requests.dms_closed.discord':
    'Permite los mensajes directos de miembros del servidor (nombre del servidor › Ajustes de privacidad).',
  'requests.dms_closed.web': 'Abre tu panel de mensajes directos en el entorno de pruebas.',
  'requests.dms_closed':
    'No pude enviarte el enlace de pago de {id}: tus mensajes directos están cerrados. {how} Después pulsa Reintentar.',
  'requests.dms_closed_thread':
    '{payer}, no pude enviarte el enlace de pago de {id}: tus mensajes directos están cerrados. {how} Después pulsa Reintentar.',
  'requests.open.rate_limited':
    'Puedes abrir como máximo {count, number} solicitudes cada {seconds} segundos. Vuelve a intentarlo en {retry} s.',
  'requests.open.card_what': 'la tarjeta de la solicitud',
  'requests.open.card_so': 'no se abrió ninguna solicitud y no se cobrará nada',
  'requests.open.no_approval':
    'La solicitud {id} no necesita aprobación: el enlace de pago te llega por mensaje directo.',
  'requests.open.over_budget': 'La solicitud {id} necesita un aprobador: {why}.',
  'requests.open.waiting_many': 'La solicitud {id} espera a {count, number} aprobadores distintos.',
  'requests.open.waiting': 'La solicitud {id} espera a un aprobador.',
  'requests.dup.subs_down':
    'ModelsLab no responde en este momento, así que no pude revisar las suscripciones de la cuenta antes de crear el enlace de pago de {id}. La aprobación se mantiene y lo volveré a intentar.',
  'requests.dup.not_sent': '{id} no se envió para pago: {reason}',
  'requests.reason.link_refused': 'ModelsLab se negó a crear el enlace de pago.',
  'requests.reason.card_not_posted': 'No se pudo publicar la tarjeta de la solicitud en este canal.',
  'requests.reason.session_unknown': 'ModelsLab no conoce esta sesión de pago.',
  'requests.reason.duplicate_sub': 'La cuenta ya tiene {sub}; no se abre una segunda suscripción al mismo plan.',
  'requests.reason.duplicate_request':
    'La solicitud {id} de {plan} ya tiene un enlace de pago; pagar ambas suscribiría dos veces.',
  'requests.reason.nothing_charged': '{why} No se cobró nada.',
  'requests.card.pays': ' Paga {payer}.',
  'requests.open.no_approval_other':
    'La solicitud {id} no necesita aprobación: el enlace de pago le llega a {payer} por mensaje directo.',
};
