import type { Translation } from '../en/index.ts';
import type { subPayments as en } from '../en/sub-payments.ts';

export const subPayments: Translation<typeof en> = {
  'subPayments.notice_title': 'Falló el pago de la suscripción: {name} (#{id})',
  'subPayments.notice_text':
    'Falló el pago de la suscripción {name} (#{id}); está vencida. Aprobadores: Arreglar el pago lo reintenta con la tarjeta guardada.',
  'subPayments.fix_button': 'Arreglar el pago',
  'subPayments.recovered_title': 'Pago de la suscripción recuperado: {name} (#{id})',
  'subPayments.recovered_text': 'El pago de la suscripción {name} (#{id}) se completó; vuelve a estar activa.',
  'subPayments.fixed_text':
    'Arreglado por {who}: el pago de la suscripción {name} (#{id}) se completó; vuelve a estar activa.',
  'subPayments.ended_title': 'Suscripción cancelada: {name} (#{id})',
  'subPayments.ended_text': 'La suscripción {name} (#{id}) se canceló; ya no queda ningún pago que arreglar.',
  'subPayments.approvers_only': 'Solo los aprobadores pueden arreglar el pago de una suscripción.',
  'subPayments.bad_value': 'Ese botón de Arreglar el pago está roto. /ml status muestra las suscripciones.',
  'subPayments.already_active': 'La suscripción {name} (#{id}) ya está activa: no hay nada que arreglar.',
  'subPayments.not_past_due': 'La suscripción #{id} está {status}, no vencida: no hay nada que arreglar.',
  'subPayments.in_flight': 'El pago de la suscripción #{id} ya se está arreglando. La respuesta llega en un momento.',
  'subPayments.fixed': 'Arreglado: el pago se completó. La suscripción #{id} vuelve a estar activa.',
  'subPayments.check_dms':
    'El banco pide que el titular de la tarjeta confirme este pago (3-D Secure). Mira tus mensajes directos: ahí tienes el enlace para completarlo, solo para ti.',
  'subPayments.dm_title': 'Completa el pago de la suscripción #{id}',
  'subPayments.dm_text':
    'El banco pide que el titular de la tarjeta confirme el pago de la suscripción {name} (#{id}). Abre la página de abajo y complétalo; el aviso del canal se actualiza cuando esté pagado.',
  'subPayments.dm_button': 'Completar el pago',
  'subPayments.dm_closed':
    'El banco pide que el titular de la tarjeta confirme este pago, pero no puedo enviarte un mensaje directo. Abre los mensajes directos con el bot y vuelve a pulsar Arreglar el pago.',
  'subPayments.declined':
    'La tarjeta guardada fue rechazada; actualiza la tarjeta con /ml cards y vuelve a intentarlo.',
  'subPayments.refused':
    'ModelsLab se negó a arreglar el pago de la suscripción #{id}: «{said}» No se cobró nada. Revisa la tarjeta guardada con /ml cards y vuelve a pulsar Arreglar el pago.',
  'subPayments.still_failed':
    'ModelsLab dice que la suscripción #{id} sigue {status}: el pago no se completó. Revisa la tarjeta con /ml cards y vuelve a intentarlo.',
  'subPayments.what_check': 'comprobar el pago de la suscripción',
  'subPayments.what_fix': 'arreglar el pago de la suscripción',
};
