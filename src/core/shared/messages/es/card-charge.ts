import type { cardCharge as en } from '../en/card-charge.ts';
import type { Translation } from '../en/index.ts';

export const cardCharge: Translation<typeof en> = {
  'cardCharge.button': 'Cobrar a la tarjeta guardada ••{last4}',
  'cardCharge.card_paid': '{approved} Pagada con la tarjeta guardada {brand} ••{last4} por {who}.{late} {where}',
  'cardCharge.card_in_progress':
    ' {who} está cobrando {amount} a la tarjeta guardada {brand} ••{last4}; esperando la respuesta.',
  'cardCharge.card_pending':
    ' Cobro de {amount} a ••{last4} pendiente (iniciado por {who}); la tarjeta dirá cuándo se liquida.',
  'cardCharge.card_declined':
    ' La tarjeta {brand} ••{last4} fue rechazada ({reason}) cuando {who} la probó. El enlace de pago sigue funcionando.',
  'cardCharge.card_requires_action':
    ' {who} probó la tarjeta {brand} ••{last4}: el banco quiere que el titular confirme (3-D Secure), así que no se cobró nada y el enlace de pago es la forma de pagar.',
  'cardCharge.card_failed':
    ' El cobro a {brand} ••{last4} de {who} no se completó ({reason}). El enlace de pago sigue funcionando.',
  'cardCharge.reason':
    '{code, select, insufficient_funds {fondos insuficientes} generic_decline {rechazada por el banco} card_declined {rechazada por el banco} expired_card {la tarjeta ha caducado} incorrect_cvc {código de seguridad incorrecto} lost_card {denunciada como perdida} stolen_card {denunciada como robada} do_not_honor {rechazada por el banco} processing_error {un error de procesamiento} not_settled {el banco no lo liquidó} refused {ModelsLab lo rechazó} other {{code}}}',
  'cardCharge.succeeded':
    'Se cobraron {amount} a la tarjeta guardada {brand} ••{last4}. La solicitud {id} está pagada. {where}',
  'cardCharge.cards_unavailable':
    'No se pudieron leer las tarjetas guardadas de ModelsLab ahora mismo, así que no se cobró nada. Inténtalo de nuevo en un minuto; el enlace de pago sigue funcionando.',
  'cardCharge.pending':
    'El cobro de {amount} a la tarjeta ••{last4} está pendiente en el banco. El bot lo sigue y la tarjeta dirá cuándo se liquida; no vuelvas a cobrar.',
  'cardCharge.declined':
    'La tarjeta ••{last4} fue rechazada ({reason}). El enlace de pago sigue funcionando; para probar otra tarjeta, primero hazla predeterminada en /ml cards.',
  'cardCharge.requires_action':
    'El banco quiere que el titular confirme este pago (3-D Secure), algo que no puede hacerse desde el chat, así que no se cobró nada. El enlace de pago enviado a {payer} por mensaje directo es la forma de pagar.',
  'cardCharge.refused':
    'ModelsLab rechazó el cobro a la tarjeta ••{last4} ({code}), así que no se cobró nada. El enlace de pago sigue funcionando.',
  'cardCharge.unanswered':
    'ModelsLab no respondió al cobro de {amount} a la tarjeta ••{last4}, así que puede haberse hecho o no. El bot vuelve a preguntar con la misma clave (nunca un segundo cobro) y la tarjeta lo dirá; no vuelvas a cobrar.',
  'cardCharge.not_sent': '{limited} No se cobró nada; inténtalo entonces.',
  'cardCharge.in_progress':
    'Ya hay un cobro a la tarjeta guardada en curso para la solicitud {id} (iniciado por {who}). Su respuesta aparecerá en la tarjeta.',
  'cardCharge.cancel_waits':
    'La solicitud {id} todavía no se puede cancelar: un cargo de {amount} a la tarjeta guardada {brand} ••{last4} espera su respuesta. Vuelve a cancelar cuando la tarjeta lo muestre; así la tarjeta nunca se cobra después de una cancelación.',
  'cardCharge.card_unknown':
    ' ModelsLab nunca respondió al cobro de {amount} a {brand} ••{last4} de {who}, así que nadie puede saber si se completó. Revisa /ml transactions antes de volver a pagar; la tarjeta guardada ya no se ofrece para esta solicitud.',
  'cardCharge.unknown_refused':
    'La tarjeta ••{last4} no se vuelve a cobrar para la solicitud {id}: ModelsLab nunca respondió a un cobro anterior de {amount}, que puede haberse completado. Revisa /ml transactions; el enlace de pago sigue funcionando.',
  'cardCharge.already_paid': 'La solicitud {id} ya está pagada.',
  'cardCharge.no_default':
    'La cuenta ya no tiene una tarjeta guardada predeterminada, así que no se cobró nada. El enlace de pago sigue funcionando; un aprobador puede elegir una tarjeta predeterminada con /ml cards.',
  'cardCharge.only_approvers': 'Solo los aprobadores pueden cobrar a la tarjeta guardada.',
  'cardCharge.not_own': 'Tú pediste esta recarga, así que otro aprobador tiene que cobrar a la tarjeta guardada.',
  'cardCharge.not_fund':
    'Solo una recarga puede cobrarse a la tarjeta guardada, y la solicitud {id} es una suscripción.',
  'cardCharge.not_payable':
    'La solicitud {id} está en estado {state}: la tarjeta guardada solo puede cobrarse después de enviar su enlace de pago y mientras el pago siga pendiente.',
  'cardCharge.not_approved':
    'La solicitud {id} tiene {given} de {required} aprobaciones: la tarjeta guardada solo puede cobrarse para una solicitud aprobada del todo.',
  'cardCharge.receipt_how': 'Cobrado a la tarjeta guardada {brand} ••{last4} por {who}.',
  'cardCharge.field_paid_with': 'Pagado con',
  'cardCharge.paid_with': 'tarjeta guardada {brand} ••{last4}',
  'cardCharge.field_charged_by': 'Cobrado por',
  'cardCharge.receipt_double':
    'Pago doble: {payer} pagó el enlace de pago de la solicitud {id} después de que se cobrara a la tarjeta guardada {brand} ••{last4} por {who}. {headline} {advice} {approvers}, para vuestros registros.',
  'cardCharge.receipt_double_after_link':
    'Pago doble: se cobró la solicitud {id} a la tarjeta guardada {brand} ••{last4} por {who} después de que {payer} hubiera pagado su enlace de pago. {headline} {advice} {approvers}, para vuestros registros.',
  'cardCharge.dm_paid_title': 'Pagado con tarjeta · {amount}',
  'cardCharge.dm_paid':
    'La solicitud {id} se pagó con la tarjeta guardada {brand} ••{last4} por {who}, así que este enlace de pago ya no hace falta. No lo pagues: pagarlo sería un segundo pago de {amount}.',
  'cardCharge.dm_late_double':
    'Tu pago de {amount} con el enlace de pago llegó, pero la solicitud {id} ya se había pagado con la tarjeta guardada {brand} ••{last4}: es un segundo pago. {credited} {advice}',
  'cardCharge.page_paid':
    'El pago de {subject} se hizo con la tarjeta guardada {brand} ••{last4} a las {time}, así que este enlace no hace falta.',
  'cardCharge.receipt_owed': 'Su recibo aún no se pudo publicar; el bot lo publicará en breve.',
};
